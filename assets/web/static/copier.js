// Copy buttons for the text page: an enhancement only. Without this script the buttons stay hidden
// and the text areas can be selected and copied by hand.
(function () {
  'use strict';
  var status = document.querySelector('.copy-status');
  function say(msg) {
    if (!status) { return; }
    status.textContent = '';
    window.setTimeout(function () { status.textContent = msg; }, 50);
  }
  function fallback(area) {
    area.focus();
    area.select();
    try { return document.execCommand('copy'); } catch (e) { return false; }
  }
  var buttons = document.querySelectorAll('button.copy[data-copy]');
  Array.prototype.forEach.call(buttons, function (button) {
    var area = document.getElementById(button.getAttribute('data-copy'));
    if (!area) { return; }
    button.hidden = false;
    button.addEventListener('click', function () {
      var done = function () { say(status ? status.getAttribute('data-copied') : ''); };
      var failed = function () {
        if (fallback(area)) { done(); } else { say(status ? status.getAttribute('data-failed') : ''); }
      };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(area.value).then(done, failed);
      } else {
        failed();
      }
    });
  });
}());
