// The console's only script, and an optional one: every page works without it.
// It copies the callback URL and shows only the fields of the chosen auth flow.
(function () {
  'use strict';

  function copy(button) {
    var target = document.getElementById(button.getAttribute('data-copy-target'));
    if (!target) return;
    var done = function () {
      var label = button.textContent;
      button.textContent = button.getAttribute('data-copied-label') || label;
      setTimeout(function () {
        button.textContent = label;
      }, 2000);
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(target.value).then(done, function () {
        target.select();
      });
    } else {
      // Plain-http relays (local demo) have no async clipboard API.
      target.select();
      if (document.execCommand('copy')) done();
    }
  }

  function showFlowFields(select) {
    var groups = document.querySelectorAll('[data-flows]');
    for (var i = 0; i < groups.length; i++) {
      var flows = groups[i].getAttribute('data-flows').split(' ');
      groups[i].hidden = flows.indexOf(select.value) === -1;
    }
  }

  document.addEventListener('click', function (event) {
    var button = event.target.closest && event.target.closest('[data-copy-target]');
    if (button) copy(button);
  });

  var select = document.querySelector('[data-flow-select]');
  if (select) {
    select.addEventListener('change', function () {
      showFlowFields(select);
    });
    showFlowFields(select);
  }
})();
