// opsbook page helpers, loaded with `defer` on every page; without JavaScript the page reads the
// same, the addresses are plain selectable text and no copy button is shown.
//
// The addresses of a record (base.html's .permalink): each is shown as the absolute address the
// browser resolves its link to (so it is right under any sub-path), and its Copy button, shown
// only here, copies that address and says so.
(function () {
  'use strict';

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    // file:// and plain http: select a temporary field and copy it.
    return new Promise(function (resolve, reject) {
      var field = document.createElement('textarea');
      field.value = text;
      field.setAttribute('readonly', '');
      field.style.position = 'fixed';
      field.style.opacity = '0';
      document.body.appendChild(field);
      field.select();
      var ok = false;
      try { ok = document.execCommand('copy'); } catch (e) { ok = false; }
      document.body.removeChild(field);
      if (ok) resolve(); else reject(new Error('copy refused'));
    });
  }

  var links = document.querySelectorAll('.permalink a.address');
  Array.prototype.forEach.call(links, function (a) {
    var address = a.href;
    // Shown as the browser resolved it, unless the build already wrote it in full.
    if (!/^https?:/.test(a.textContent)) a.textContent = address;
    var button = a.parentNode.querySelector('button.copy');
    if (!button) return;
    var label = button.textContent;
    var status = document.createElement('span');
    status.className = 'copied';
    status.setAttribute('role', 'status');
    button.parentNode.appendChild(status);
    button.hidden = false;
    button.addEventListener('click', function () {
      copyText(a.textContent).then(function () {
        status.textContent = 'Copied';
      }, function () {
        status.textContent = 'Press Ctrl+C to copy';
        var range = document.createRange();
        range.selectNodeContents(a);
        var sel = window.getSelection();
        sel.removeAllRanges();
        sel.addRange(range);
      });
      window.setTimeout(function () { status.textContent = ''; button.textContent = label; }, 4000);
    });
  });
})();

// Charts (charts.rs draws each bar, point and cell as a .mark with its period and value as its
// title): one keyboard stop per chart rather than one per mark (the on-call page has hundreds);
// the arrow keys move between its marks, Home and End to the first and last, Enter opens a
// mark's week, and the focused mark's value shows beside it. Without JavaScript each linked
// mark is a stop of its own and every value shows on hover.
(function () {
  'use strict';

  var tip = null;
  function showTip(mark) {
    var title = mark.querySelector('title');
    if (!title) return;
    if (!tip) {
      tip = document.createElement('div');
      tip.className = 'chart-tip';
      tip.setAttribute('aria-hidden', 'true'); // the mark's own name is what is read
      document.body.appendChild(tip);
    }
    tip.textContent = title.textContent;
    tip.hidden = false;
    var box = mark.getBoundingClientRect();
    var left = window.scrollX + box.left + box.width / 2 - tip.offsetWidth / 2;
    var most = window.scrollX + document.documentElement.clientWidth - tip.offsetWidth - 4;
    tip.style.left = Math.max(window.scrollX + 4, Math.min(left, most)) + 'px';
    tip.style.top = (window.scrollY + box.top - tip.offsetHeight - 6) + 'px';
  }
  function hideTip() {
    if (tip) tip.hidden = true;
  }

  var keys = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 };
  Array.prototype.forEach.call(document.querySelectorAll('.chart svg'), function (svg) {
    var marks = Array.prototype.slice.call(svg.querySelectorAll('.mark'));
    if (!marks.length) return;
    // Its marks take focus now, so the picture is a group of them rather than one image.
    svg.setAttribute('role', 'group');
    var current = marks.length - 1; // the newest, drawn last
    marks.forEach(function (mark, i) {
      mark.setAttribute('tabindex', i === current ? '0' : '-1');
      if (mark.tagName.toLowerCase() !== 'a') mark.setAttribute('role', 'img');
    });
    function move(to) {
      marks[current].setAttribute('tabindex', '-1');
      current = to;
      marks[current].setAttribute('tabindex', '0');
      marks[current].focus();
    }
    svg.addEventListener('keydown', function (event) {
      var at = marks.indexOf(event.target);
      if (at < 0) return;
      var to = null;
      if (event.key in keys) to = Math.max(0, Math.min(marks.length - 1, at + keys[event.key]));
      else if (event.key === 'Home') to = 0;
      else if (event.key === 'End') to = marks.length - 1;
      if (to === null) return;
      event.preventDefault();
      move(to);
    });
    svg.addEventListener('focusin', function (event) {
      var at = marks.indexOf(event.target);
      if (at < 0) return;
      if (at !== current) move(at);
      showTip(event.target);
    });
    svg.addEventListener('focusout', hideTip);
  });
})();
