// opsbook search, loaded with `defer` on every page.
//
// Everywhere: "/" focuses the search box, unless the reader is typing in a field; typing in the
// header's box loads the index (search/index.js, once) and shows the best results under it, Enter
// goes on to the search page. On the search page (the one with #search-results): reads the index
// that search/index.js assigns to window.OPSBOOK_SEARCH (its format is described in
// src/render/search.rs), fills the box and the kind filter from ?q= and ?kind=, and shows ranked
// results as the reader types, each with its kind, date and a snippet with the matched words
// marked. Result links are relative: the way back to the site root is this script's data-root,
// so the site works under any sub-path and from file://.
(function () {
  'use strict';

  var script = document.currentScript;
  var root = (script && script.getAttribute('data-root')) || '';
  var LIMIT = 50; // results shown
  var QUICK = 6; // results shown under the header's box
  var DELAY = 120; // ms after the last keystroke
  var SNIPPET = 14; // words of a snippet
  // A query is split into words the way src/render/search.rs splits text: on anything but
  // letters, digits and the characters that join the parts of one word (JOINERS there).
  var SPLIT = /[^\p{L}\p{N}\-_./'’]+/u;
  var EDGES = /^[-_./'’]+|[-_./'’]+$/g;
  var LETTER = /[\p{L}\p{N}]/u;
  var ALPHA = /^\p{L}+$/u;
  // The light stemmer's suffix rules, [suffix, replacement], first match wins; src/render/search.rs
  // reads this very line, so that the index and the query stem alike.
  var STEM_RULES = [["ss","ss"],["ies","y"],["ied","y"],["ing",""],["ed",""],["es",""],["s",""],["e",""]];
  var MIN_STEM = 3;

  /** A word's stem: see `stem` in src/render/search.rs. */
  function stem(w) {
    if (!ALPHA.test(w)) return w;
    var len = Array.from(w).length;
    for (var i = 0; i < STEM_RULES.length; i++) {
      var suffix = STEM_RULES[i][0];
      var keeps = suffix === STEM_RULES[i][1];
      if (w.length >= suffix.length && w.slice(-suffix.length) === suffix &&
          (keeps || len - Array.from(suffix).length >= MIN_STEM)) {
        return w.slice(0, w.length - suffix.length) + STEM_RULES[i][1];
      }
    }
    return w;
  }

  function words(text) {
    return text.toLowerCase().split(SPLIT)
      .map(function (w) { return w.replace(EDGES, ''); })
      .filter(Boolean);
  }

  function searchBox() {
    return document.getElementById('search-q') || document.getElementById('site-search') ||
      document.querySelector('input[type="search"]');
  }

  document.addEventListener('keydown', function (e) {
    if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented) return;
    var t = e.target;
    if (t && t.nodeType === 1 && (t.isContentEditable || /^(input|textarea|select)$/i.test(t.tagName))) return;
    var box = searchBox();
    if (!box) return;
    e.preventDefault();
    box.focus();
    box.select();
  });

  // ---------------------------------------------------------------------------------------------
  // The index and the ranking.

  var docs = null;
  var kinds = [];
  var severities = [];

  /** Reads window.OPSBOOK_SEARCH once; false when it is not there. */
  function load() {
    if (docs) return true;
    var index = window.OPSBOOK_SEARCH;
    if (!index || !Array.isArray(index.docs)) return false;
    kinds = index.kinds || [];
    severities = index.severities || [];
    docs = index.docs.map(prepare);
    return true;
  }

  function prepare(row, n) {
    var d = {
      kind: kinds[row[0]] || '',
      id: String(row[1] || ''),
      title: String(row[2] || ''),
      address: String(row[3] || ''),
      date: row[5] || '',
      severity: row.length > 6 ? { id: severities[row[6]], rank: row[6] } : null,
    };
    var list = String(row[4] || '').split(' ');
    return {
      d: d,
      n: n,
      words: list,
      id: d.id.toLowerCase(),
      title: d.title.toLowerCase(),
      titleWords: ' ' + words(d.title).join(' ') + ' ',
      titleStems: ' ' + words(d.title).map(stem).join(' ') + ' ',
      text: ' ' + list.join(' ') + ' ',
      stems: ' ' + list.map(stem).join(' ') + ' ',
    };
  }

  /** Whether `q` occurs in `text` at the start of a word. */
  function startsWord(text, q) {
    for (var i = text.indexOf(q); i !== -1; i = text.indexOf(q, i + 1)) {
      if (i === 0 || !LETTER.test(text.charAt(i - 1))) return true;
    }
    return false;
  }

  /** Whether query word `t` (stem `s`) starts a word, or its stem starts a stem, of a text. */
  function has(text, stems, t, s) {
    return text.indexOf(' ' + t) !== -1 || stems.indexOf(' ' + s) !== -1;
  }

  /** Whether word `w` of a record is one that query word `t` (stem `s`) matches. */
  function matches(w, t, s) {
    return w.indexOf(t) === 0 || stem(w).indexOf(s) === 0;
  }

  /**
   * 0 for no match; otherwise higher is better: the id itself, then the title starting with the
   * query (or the id starting with it), a word of the title starting with it, the title holding
   * it, every word of the query matching a word of the title, and last every word of the query
   * matching a word of the text (by prefix, or by stem). Ties: more query words in the title,
   * more whole-word matches.
   */
  function score(p, q, toks, stems) {
    var s = 0;
    if (p.id === q) s = 6;
    else if (p.title.indexOf(q) === 0 || p.id.indexOf(q) === 0) s = 5;
    else if (startsWord(p.title, q)) s = 4;
    else if (p.title.indexOf(q) !== -1) s = 3;
    var inText = 0, inTitle = 0, whole = 0;
    for (var i = 0; i < toks.length; i++) {
      var t = toks[i], st = stems[i];
      if (has(p.text, p.stems, t, st)) {
        inText++;
        if (p.text.indexOf(' ' + t + ' ') !== -1 || p.stems.indexOf(' ' + st + ' ') !== -1) whole++;
      }
      if (has(p.titleWords, p.titleStems, t, st)) inTitle++;
    }
    if (s === 0) {
      if (toks.length === 0 || inText < toks.length) return 0;
      s = inTitle === toks.length ? 2 : 1;
    }
    return s * 1000 + inTitle * 10 + whole;
  }

  function search(query, kind) {
    var q = query.trim().toLowerCase().replace(/\s+/g, ' ');
    var toks = words(q);
    var stems = toks.map(stem);
    var hits = [];
    for (var i = 0; i < docs.length; i++) {
      if (kind && docs[i].d.kind !== kind) continue;
      var s = score(docs[i], q, toks, stems);
      if (s > 0) hits.push({ s: s, p: docs[i] });
    }
    hits.sort(function (a, b) {
      return b.s - a.s || b.p.d.date.localeCompare(a.p.d.date) || a.p.n - b.p.n;
    });
    return { hits: hits, toks: toks, stems: stems };
  }

  // ---------------------------------------------------------------------------------------------
  // Showing results.

  function el(tag, className, text) {
    var e = document.createElement(tag);
    if (className) e.className = className;
    if (text != null) e.textContent = text;
    return e;
  }

  function matchedBy(w, toks, stems) {
    for (var i = 0; i < toks.length; i++) if (matches(w, toks[i], stems[i])) return true;
    return false;
  }

  /** `text` with the words that the query matches in <mark>. */
  function marked(text, toks, stems) {
    var out = document.createDocumentFragment();
    text.split(/(\s+)/).forEach(function (part) {
      var w = part.toLowerCase().replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
      if (w && matchedBy(w, toks, stems)) out.appendChild(el('mark', null, part));
      else out.appendChild(document.createTextNode(part));
    });
    return out;
  }

  /**
   * The record's words around the first word the query matches past its title (its words are
   * the record's own, each once, in the order they first appear), or its first words.
   */
  function snippet(p, toks, stems) {
    var list = p.words;
    var start = 0;
    while (start < list.length && p.titleWords.indexOf(' ' + list[start] + ' ') !== -1) start++;
    if (list[start] === p.id) start++;
    var at = -1;
    for (var i = start; i < list.length && at === -1; i++) if (matchedBy(list[i], toks, stems)) at = i;
    var from = at === -1 ? start : Math.max(start, at - 4);
    var shown = list.slice(from, from + SNIPPET);
    if (shown.length === 0) return null;
    var text = (from > start ? '… ' : '') + shown.join(' ') + (from + SNIPPET < list.length ? ' …' : '');
    return marked(text, toks, stems);
  }

  function kindLabel(kind) {
    return kind.charAt(0).toUpperCase() + kind.slice(1);
  }

  function result(h, r, withSnippet) {
    var d = h.p.d;
    var li = el('li');
    var a = el('a');
    a.appendChild(marked(d.title, r.toks, r.stems));
    a.setAttribute('href', root + d.address);
    li.appendChild(a);
    var meta = el('span', 'search-meta');
    meta.appendChild(el('span', 'search-kind', kindLabel(d.kind)));
    if (d.severity && d.severity.id) {
      meta.append(' ', el('span', 'severity sev-' + d.severity.rank, d.severity.id));
    }
    if (d.date) {
      var time = el('time', null, d.date);
      time.dateTime = d.date;
      meta.append(' ', time);
    }
    li.append(' ', meta);
    if (withSnippet) {
      var s = snippet(h.p, r.toks, r.stems);
      if (s) {
        var p = el('p', 'search-snippet');
        p.appendChild(s);
        li.appendChild(p);
      }
    }
    return li;
  }

  function countText(n, q) {
    var quoted = '“' + q + '”';
    if (n === 0) return 'No results for ' + quoted + '.';
    return n + (n === 1 ? ' result' : ' results') + ' for ' + quoted;
  }

  // ---------------------------------------------------------------------------------------------
  // The header's box on every page but the search page: the best few results as you type.

  var header = document.getElementById('site-search');
  var list = document.getElementById('search-results');
  if (header && !list) quick(header);

  function quick(box) {
    var panel = null, status = null, items = null, timer = 0, requested = false;

    function ensurePanel() {
      if (panel) return;
      panel = el('div', 'quick-results');
      panel.id = 'site-search-results';
      status = el('p', 'search-status');
      status.setAttribute('role', 'status');
      items = el('ol', 'search-results');
      panel.append(status, items);
      panel.hidden = true;
      box.form.appendChild(panel);
    }

    function requestIndex() {
      if (requested || window.OPSBOOK_SEARCH) return;
      requested = true;
      var tag = document.createElement('script');
      tag.src = root + 'search/index.js';
      tag.addEventListener('load', function () { update(); });
      tag.addEventListener('error', function () { ensurePanel(); status.textContent = 'The search index could not be loaded.'; panel.hidden = false; });
      document.head.appendChild(tag);
    }

    function update() {
      ensurePanel();
      var q = box.value.trim();
      items.textContent = '';
      if (!q) { panel.hidden = true; status.textContent = ''; return; }
      if (!load()) { requestIndex(); return; }
      var r = search(q, '');
      status.textContent = countText(r.hits.length, q) + (r.hits.length > QUICK ? '; Enter shows them all.' : r.hits.length ? '.' : '');
      r.hits.slice(0, QUICK).forEach(function (h) { items.appendChild(result(h, r, false)); });
      panel.hidden = false;
    }

    box.addEventListener('input', function () {
      clearTimeout(timer);
      requestIndex();
      timer = setTimeout(update, DELAY);
    });
    box.addEventListener('keydown', function (e) {
      if (e.key === 'Escape' && panel) { panel.hidden = true; }
    });
    document.addEventListener('click', function (e) {
      if (panel && !box.form.contains(e.target)) panel.hidden = true;
    });
  }

  // ---------------------------------------------------------------------------------------------
  // The search page.

  if (!list) return;
  var input = document.getElementById('search-q');
  var kindBox = document.getElementById('search-kind');
  var status = document.getElementById('search-status');
  var message = document.getElementById('search-nojs');
  var hint = document.getElementById('search-hint');
  var form = input.form;
  var timer = 0;
  message.hidden = true;

  function show(query) {
    var q = query.trim();
    list.textContent = '';
    if (!q) {
      status.textContent = '';
      return;
    }
    var kind = kindBox ? kindBox.value : '';
    var r = search(q, kind);
    var n = r.hits.length;
    status.textContent = countText(n, q) + (n && kind ? ' among ' + kindBox.options[kindBox.selectedIndex].text.toLowerCase() : '') +
      (n > LIMIT ? ', showing the first ' + LIMIT : '') + (n ? '.' : '');
    var items = document.createDocumentFragment();
    r.hits.slice(0, LIMIT).forEach(function (h) { items.appendChild(result(h, r, true)); });
    list.appendChild(items);
  }

  /** Keeps ?q= (and ?kind=) in the address, so that reloading or sharing it shows the same results. */
  function remember(query) {
    var q = query.trim();
    var kind = kindBox ? kindBox.value : '';
    var search = (q ? 'q=' + encodeURIComponent(q) : '') + (kind ? (q ? '&' : '') + 'kind=' + encodeURIComponent(kind) : '');
    try {
      history.replaceState(null, '', search ? '?' + search : location.pathname);
    } catch (e) { /* some browsers refuse it on file:// */ }
  }

  function ready() {
    if (docs) return;
    if (!load()) {
      message.textContent = 'The search index (search/index.js) could not be loaded, so search cannot run. ' +
        'Every record is still listed in the indexes below.';
      message.hidden = false;
      return;
    }
    if (hint) hint.hidden = false;
    var params = new URLSearchParams(location.search);
    var q = params.get('q') || '';
    input.value = q;
    if (kindBox) {
      kindBox.value = params.get('kind') || '';
      if (kindBox.selectedIndex < 0) kindBox.value = '';
    }
    show(q);
    if (!q) input.focus();
    input.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(function () { show(input.value); remember(input.value); }, DELAY);
    });
    if (kindBox) {
      kindBox.addEventListener('change', function () { show(input.value); remember(input.value); });
    }
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      clearTimeout(timer);
      show(input.value);
      remember(input.value);
    });
  }

  // search/index.js comes after this script in the page: wait for it (or for the whole page,
  // should it fail to load).
  if (window.OPSBOOK_SEARCH) ready();
  else {
    var tag = document.querySelector('script[src$="search/index.js"]');
    if (tag) {
      tag.addEventListener('load', ready);
      tag.addEventListener('error', ready);
    }
    window.addEventListener('load', ready);
  }
})();
