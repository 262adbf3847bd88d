// opsbook slides, loaded with `defer` by templates/slides.html. Without it the slides read as one
// long page; with it:
//
// - one slide at a time, as large as the window allows; → ↓ space PageDown (and a click on the
//   slide, or a swipe) go on, ← ↑ shift+space PageUp go back, Home and End to the first and last;
// - the address says which slide is shown (#5), so a link opens that slide;
// - f full screen, o the overview of every slide (a click or Enter opens one, Escape closes it);
// - p the presenter view in a second window (#presenter): the current and the next slide, the
//   speaker notes and a timer against the meeting's minutes per section. The windows follow each
//   other through a BroadcastChannel and through postMessage to the window that opened the other,
//   which also works from file://. If the browser refuses the window, this one becomes it.
//
// Slides whose content would overflow get smaller type (--fit), measured once at a fixed size:
// every size in a slide scales with its width, so the same fit holds on any screen and in print.
// Nothing is loaded from anywhere: the script has no dependencies.
(function () {
  'use strict';

  var deck = document.getElementById('deck');
  if (!deck) return;
  var root = document.documentElement;
  var slides = Array.prototype.slice.call(deck.querySelectorAll('section.slide'));
  if (slides.length === 0) return;

  var current = -1;
  var presenter = null; // the presenter view's parts, when this window shows it
  var child = null; // the presenter window this one opened
  var CHANNEL = 'opsbook-slides:' + location.pathname;
  var channel = null;

  root.classList.add('deck-js');
  var controls = document.querySelector('.deck-controls');
  var keys = document.querySelector('.deck-keys');
  var position = document.querySelector('.deck-position');
  if (controls) controls.hidden = false;
  if (keys) keys.hidden = false;
  var bar = document.querySelector('.deck-bar');

  // The slides fill the window below the bar, whose height depends on the window's width.
  function measureBar() {
    if (bar) root.style.setProperty('--bar-height', bar.offsetHeight + 'px');
  }
  measureBar();
  window.addEventListener('resize', measureBar);

  // ---- fitting: smaller type for a slide that would overflow its box ----

  function fitAll() {
    root.classList.add('deck-measuring');
    slides.forEach(fit);
    root.classList.remove('deck-measuring');
  }

  function fit(slide) {
    var body = slide.querySelector('.slide-body');
    if (!body) return;
    var f = 1;
    slide.style.setProperty('--fit', '1');
    while (f > 0.5 && (body.scrollHeight > body.clientHeight + 1 || body.scrollWidth > body.clientWidth + 1)) {
      f = Math.round((f - 0.05) * 100) / 100;
      slide.style.setProperty('--fit', String(f));
    }
  }

  // ---- moving between slides ----

  function fromHash(hash) {
    var m = /^#(?:presenter-?)?(\d+)$/.exec(hash || '');
    var n = m ? parseInt(m[1], 10) - 1 : 0;
    return Math.min(Math.max(n, 0), slides.length - 1);
  }

  function go(n, remote) {
    n = Math.min(Math.max(n, 0), slides.length - 1);
    if (presenter) account();
    var before = slides[current];
    var focusInside = before && before.contains(document.activeElement);
    if (before) before.classList.remove('current');
    current = n;
    var slide = slides[n];
    slide.classList.add('current');
    if (position) position.textContent = 'Slide ' + (n + 1) + ' of ' + slides.length;
    var hash = (presenter ? '#presenter-' : '#') + (n + 1);
    if (location.hash !== hash) history.replaceState(null, '', hash);
    if (focusInside) slide.focus({ preventScroll: true });
    if (root.classList.contains('deck-overview')) slide.scrollIntoView({ block: 'nearest' });
    if (presenter) showPresenter();
    if (!remote) send(n);
  }

  function next() { go(current + 1); }
  function previous() { go(current - 1); }

  // ---- the other window: presenter and audience follow each other ----

  function send(n) {
    var message = { type: 'opsbook-slides', slide: n + 1 };
    if (channel) {
      try { channel.postMessage(message); } catch (e) { /* closed */ }
    }
    [window.opener, child].forEach(function (w) {
      if (w && !w.closed) {
        try { w.postMessage(message, '*'); } catch (e) { /* gone */ }
      }
    });
  }

  function receive(data) {
    if (!data || data.type !== 'opsbook-slides' || typeof data.slide !== 'number') return;
    var n = Math.floor(data.slide) - 1;
    if (n >= 0 && n < slides.length && n !== current) go(n, true);
  }

  try {
    channel = new BroadcastChannel(CHANNEL);
    channel.onmessage = function (e) { receive(e.data); };
  } catch (e) {
    channel = null; // no BroadcastChannel (or an opaque origin): postMessage still works
  }
  window.addEventListener('message', function (e) {
    if (e.source && (e.source === window.opener || e.source === child)) receive(e.data);
  });

  function openPresenter() {
    if (presenter) return;
    var url = location.pathname + location.search + '#presenter-' + (current + 1);
    var w = null;
    try { w = window.open(url, 'opsbook-presenter', 'popup,width=1280,height=800'); } catch (e) { w = null; }
    if (w) {
      child = w;
    } else {
      startPresenter(); // no second window: this one becomes the presenter view
    }
  }

  // ---- the presenter view ----

  var spent = {}; // section → milliseconds
  var running = true;
  var lastTick = 0;

  function section(n) {
    var s = slides[n];
    return {
      key: s.getAttribute('data-section') || '',
      title: s.getAttribute('data-section-title') || '',
      minutes: parseFloat(s.getAttribute('data-minutes') || '0') || 0,
    };
  }

  function account() {
    var now = Date.now();
    if (running && lastTick && current >= 0) {
      var key = section(current).key;
      spent[key] = (spent[key] || 0) + (now - lastTick);
    }
    lastTick = now;
  }

  function clock(ms) {
    var s = Math.floor(ms / 1000);
    var m = Math.floor(s / 60);
    return m + ':' + String(s % 60).padStart(2, '0');
  }

  function element(tag, className, text) {
    var e = document.createElement(tag);
    if (className) e.className = className;
    if (text) e.textContent = text;
    return e;
  }

  function startPresenter() {
    root.classList.add('deck-presenter');
    var view = element('div', 'presenter');
    view.setAttribute('role', 'region');
    view.setAttribute('aria-label', 'Presenter view');
    var now = element('div', 'now');
    var nowCaption = element('p', 'caption');
    var nowStage = element('div', 'stage');
    var notes = element('div', 'notes-panel');
    notes.setAttribute('aria-live', 'polite');
    // It scrolls when the notes are long: a region that the keyboard can reach.
    notes.setAttribute('role', 'region');
    notes.setAttribute('aria-label', 'Speaker notes');
    notes.tabIndex = 0;
    now.append(nowCaption, nowStage, notes);
    var later = element('div', 'later');
    var laterCaption = element('p', 'caption', 'Next');
    var laterStage = element('div', 'stage');
    var time = element('div', 'clock');
    var sectionLine = element('p');
    var totalLine = element('p');
    var pause = element('button', '', 'Pause');
    pause.type = 'button';
    pause.addEventListener('click', function () {
      account();
      running = !running;
      pause.textContent = running ? 'Pause' : 'Resume';
      tick();
    });
    var reset = element('button', '', 'Reset');
    reset.type = 'button';
    reset.addEventListener('click', function () { spent = {}; lastTick = Date.now(); tick(); });
    time.append(sectionLine, totalLine, pause, reset);
    later.append(laterCaption, laterStage, time);
    view.append(now, later);
    deck.after(view);
    presenter = { nowCaption: nowCaption, nowStage: nowStage, notes: notes, laterStage: laterStage,
      sectionLine: sectionLine, totalLine: totalLine };
    lastTick = Date.now();
    setInterval(tick, 1000);
    if (current >= 0) {
      history.replaceState(null, '', '#presenter-' + (current + 1));
      showPresenter();
    }
  }

  // A copy of a slide for the presenter view. Ids belong to the real slide: the copy's get a
  // prefix, and the references to them (a chart's title and description) follow.
  function copy(n, prefix) {
    var c = slides[n].cloneNode(true);
    c.removeAttribute('id');
    c.removeAttribute('tabindex');
    c.classList.remove('current');
    var all = [c].concat(Array.prototype.slice.call(c.querySelectorAll('*')));
    all.forEach(function (e) {
      if (e !== c && e.id) e.id = prefix + e.id;
      ['aria-labelledby', 'aria-describedby'].forEach(function (name) {
        var refs = e.getAttribute(name);
        if (refs) e.setAttribute(name, refs.split(/\s+/).map(function (r) { return prefix + r; }).join(' '));
      });
    });
    return c;
  }

  function showPresenter() {
    var p = presenter;
    p.nowCaption.textContent = 'Slide ' + (current + 1) + ' of ' + slides.length + ' · ' + section(current).title;
    var now = copy(current, 'now-');
    var notes = now.querySelector('.notes');
    p.notes.replaceChildren();
    if (notes) p.notes.append.apply(p.notes, Array.prototype.slice.call(notes.childNodes));
    p.nowStage.replaceChildren(now);
    if (current + 1 < slides.length) {
      var later = copy(current + 1, 'next-');
      later.setAttribute('aria-hidden', 'true');
      later.inert = true;
      p.laterStage.replaceChildren(later);
    } else {
      p.laterStage.replaceChildren(element('p', 'end', 'End of the slides'));
    }
    tick();
  }

  function tick() {
    if (!presenter) return;
    account();
    var s = section(current);
    var used = spent[s.key] || 0;
    var total = 0;
    Object.keys(spent).forEach(function (k) { total += spent[k]; });
    var budget = parseFloat(deck.getAttribute('data-total') || '0') || 0;
    presenter.sectionLine.textContent = s.title + ': ' + clock(used) + ' of ' + s.minutes + ':00';
    presenter.sectionLine.className = used > s.minutes * 60000 ? 'over' : '';
    presenter.totalLine.textContent = 'Meeting: ' + clock(total) + ' of ' + budget + ':00' + (running ? '' : ' (paused)');
    presenter.totalLine.className = total > budget * 60000 ? 'over' : '';
  }

  // ---- the overview and full screen ----

  function overview(on) {
    if (presenter) return;
    root.classList.toggle('deck-overview', on);
    if (on) slides[current].scrollIntoView({ block: 'nearest' });
  }

  function fullscreen() {
    if (document.fullscreenElement) {
      document.exitFullscreen().catch(function () {});
    } else if (root.requestFullscreen) {
      root.requestFullscreen().catch(function () {});
    }
  }

  // ---- keys, clicks and swipes ----

  function typing(t) {
    return t && t.nodeType === 1 && (t.isContentEditable || /^(input|textarea|select)$/i.test(t.tagName));
  }

  document.addEventListener('keydown', function (e) {
    if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || typing(e.target)) return;
    var onControl = e.target && e.target.closest && e.target.closest('button, a, summary');
    var inOverview = root.classList.contains('deck-overview');
    // In the presenter's notes, up and down scroll them.
    var inNotes = e.target && e.target.closest && e.target.closest('.notes-panel');
    if (inNotes && /^(ArrowUp|ArrowDown|PageUp|PageDown| |Home|End)$/.test(e.key)) return;
    var handled = true;
    switch (e.key) {
      case 'ArrowRight': case 'ArrowDown': case 'PageDown': case 'n':
        next(); break;
      case 'ArrowLeft': case 'ArrowUp': case 'PageUp':
        previous(); break;
      case ' ': case 'Spacebar':
        if (onControl) { handled = false; break; }
        if (e.shiftKey) previous(); else next();
        break;
      case 'Home': go(0); break;
      case 'End': go(slides.length - 1); break;
      case 'f': case 'F': fullscreen(); break;
      case 'o': case 'O': if (!presenter) overview(!inOverview); break;
      case 'p': case 'P': openPresenter(); break;
      case 'Escape': if (inOverview) overview(false); else handled = false; break;
      case 'Enter': if (inOverview && !onControl) overview(false); else handled = false; break;
      default: handled = false;
    }
    if (handled) e.preventDefault();
  });

  deck.addEventListener('click', function (e) {
    var slide = e.target.closest && e.target.closest('section.slide');
    if (!slide) return;
    if (root.classList.contains('deck-overview')) {
      e.preventDefault();
      go(slides.indexOf(slide));
      overview(false);
      return;
    }
    if (e.target.closest('a, button, summary, input, select, textarea, label')) return;
    var selection = window.getSelection && window.getSelection();
    if (selection && String(selection).length > 0) return;
    next();
  });

  var touch = null;
  deck.addEventListener('touchstart', function (e) {
    if (e.touches.length === 1) touch = { x: e.touches[0].clientX, y: e.touches[0].clientY };
  }, { passive: true });
  deck.addEventListener('touchend', function (e) {
    if (!touch || e.changedTouches.length !== 1) return;
    var dx = e.changedTouches[0].clientX - touch.x;
    var dy = e.changedTouches[0].clientY - touch.y;
    touch = null;
    if (Math.abs(dx) > 60 && Math.abs(dx) > 2 * Math.abs(dy)) {
      if (dx < 0) next(); else previous();
    }
  });

  if (controls) {
    controls.addEventListener('click', function (e) {
      var b = e.target.closest && e.target.closest('button[data-action]');
      if (!b) return;
      var action = b.getAttribute('data-action');
      if (action === 'next') next();
      else if (action === 'previous') previous();
      else if (action === 'overview') overview(!root.classList.contains('deck-overview'));
      else if (action === 'presenter') openPresenter();
      else if (action === 'fullscreen') fullscreen();
    });
  }

  window.addEventListener('hashchange', function () {
    var n = fromHash(location.hash);
    if (n !== current) go(n);
  });
  window.addEventListener('load', function () { fitAll(); });

  // ---- start ----
  fitAll();
  if (/^#presenter/.test(location.hash)) startPresenter();
  go(fromHash(location.hash), true);
  window.scrollTo(0, 0);
})();
