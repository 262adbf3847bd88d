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
