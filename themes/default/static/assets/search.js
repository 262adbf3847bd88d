// opsbook search, loaded with `defer` on every page.
//
// Everywhere: "/" focuses the search box, unless the reader is typing in a field.
// On the search page (the one with #search-results): reads the index that search/index.js assigns
// to window.OPSBOOK_SEARCH (its format is described in src/render/search.rs), fills the box from
// ?q= and shows ranked results as the reader types. Result links are relative: the way back to
// the site root is this script's data-root, so the site works under any sub-path and from file://.
(function () {
  'use strict';

  var script = document.currentScript;
  var root = (script && script.getAttribute('data-root')) || '';
  var LIMIT = 50; // results shown
  var DELAY = 120; // ms after the last keystroke
  // A query is split into words the way src/render/search.rs splits text: on anything but
  // letters, digits and the characters that join the parts of one word (JOINERS there).
  var SPLIT = /[^\p{L}\p{N}\-_./'’]+/u;
  var EDGES = /^[-_./'’]+|[-_./'’]+$/g;
  var LETTER = /[\p{L}\p{N}]/u;

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

  var list = document.getElementById('search-results');
  if (!list) return;
  var input = document.getElementById('search-q');
  var status = document.getElementById('search-status');
  var message = document.getElementById('search-nojs');
  var hint = document.getElementById('search-hint');
  var form = input.form;
  var docs = null;
  var timer = 0;
  message.hidden = true;

  function words(text) {
    return text.toLowerCase().split(SPLIT)
      .map(function (w) { return w.replace(EDGES, ''); })
      .filter(Boolean);
  }

  function prepare(d, n) {
    return {
      d: d,
      n: n,
      id: String(d.id || '').toLowerCase(),
      title: d.title.toLowerCase(),
      titleWords: ' ' + words(d.title).join(' ') + ' ',
      text: ' ' + d.text + ' ',
    };
  }

  /** Whether `q` occurs in `text` at the start of a word. */
  function startsWord(text, q) {
    for (var i = text.indexOf(q); i !== -1; i = text.indexOf(q, i + 1)) {
      if (i === 0 || !LETTER.test(text.charAt(i - 1))) return true;
    }
    return false;
  }

  /**
   * 0 for no match; otherwise higher is better: the id itself, then the title starting with the
   * query (or the id starting with it), a word of the title starting with it, the title holding
   * it, every word of the query starting a word of the title, and last every word of the query
   * starting a word of the text. Ties: more query words in the title, more whole-word matches.
   */
  function score(p, q, toks) {
    var s = 0;
    if (p.id === q) s = 6;
    else if (p.title.indexOf(q) === 0 || p.id.indexOf(q) === 0) s = 5;
    else if (startsWord(p.title, q)) s = 4;
    else if (p.title.indexOf(q) !== -1) s = 3;
    var inText = 0, inTitle = 0, whole = 0;
    for (var i = 0; i < toks.length; i++) {
      var t = toks[i];
      if (p.text.indexOf(' ' + t) !== -1) {
        inText++;
        if (p.text.indexOf(' ' + t + ' ') !== -1) whole++;
      }
      if (p.titleWords.indexOf(' ' + t) !== -1) inTitle++;
    }
    if (s === 0) {
      if (toks.length === 0 || inText < toks.length) return 0;
      s = inTitle === toks.length ? 2 : 1;
    }
    return s * 1000 + inTitle * 10 + whole;
  }

  function search(query) {
    var q = query.trim().toLowerCase().replace(/\s+/g, ' ');
    var toks = words(q);
    var hits = [];
    for (var i = 0; i < docs.length; i++) {
      var s = score(docs[i], q, toks);
      if (s > 0) hits.push({ s: s, p: docs[i] });
    }
    hits.sort(function (a, b) {
      return b.s - a.s || (b.p.d.date || '').localeCompare(a.p.d.date || '') || a.p.n - b.p.n;
    });
    return hits;
  }

  function el(tag, className, text) {
    var e = document.createElement(tag);
    if (className) e.className = className;
    if (text != null) e.textContent = text;
    return e;
  }

  function show(query) {
    var q = query.trim();
    list.textContent = '';
    if (!q) {
      status.textContent = '';
      return;
    }
    var hits = search(q);
    var quoted = '“' + q + '”';
    if (hits.length === 0) status.textContent = 'No results for ' + quoted + '.';
    else {
      status.textContent = hits.length + (hits.length === 1 ? ' result' : ' results') + ' for ' + quoted +
        (hits.length > LIMIT ? ', showing the first ' + LIMIT : '') + '.';
    }
    var items = document.createDocumentFragment();
    hits.slice(0, LIMIT).forEach(function (h) {
      var d = h.p.d;
      var li = el('li');
      var a = el('a', null, d.title);
      a.setAttribute('href', root + d.address);
      li.appendChild(a);
      var meta = el('span', 'search-meta');
      meta.appendChild(el('span', 'search-kind', d.kind.charAt(0).toUpperCase() + d.kind.slice(1)));
      if (d.severity) {
        var rank = d.severity.rank == null ? '' : ' sev-' + d.severity.rank;
        meta.append(' ', el('span', 'severity' + rank, d.severity.id));
      }
      if (d.date) {
        var time = el('time', null, d.date);
        time.dateTime = d.date;
        meta.append(' ', time);
      }
      li.append(' ', meta);
      items.appendChild(li);
    });
    list.appendChild(items);
  }

  /** Keeps ?q= in the address, so that reloading or sharing it shows the same results. */
  function remember(query) {
    var q = query.trim();
    try {
      history.replaceState(null, '', q ? '?q=' + encodeURIComponent(q) : location.pathname);
    } catch (e) { /* some browsers refuse it on file:// */ }
  }

  function ready() {
    if (docs) return;
    var index = window.OPSBOOK_SEARCH;
    if (!index || !Array.isArray(index.docs)) {
      message.textContent = 'The search index (search/index.js) could not be loaded, so search cannot run. ' +
        'Every record is still listed in the indexes below.';
      message.hidden = false;
      return;
    }
    docs = index.docs.map(prepare);
    if (hint) hint.hidden = false;
    var q = new URLSearchParams(location.search).get('q') || '';
    input.value = q;
    show(q);
    if (!q) input.focus();
    input.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(function () { show(input.value); remember(input.value); }, DELAY);
    });
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
