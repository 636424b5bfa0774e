/* Review by keyboard: a accepts, r goes to the reason to reject, j opens the next candidate. Keys
   typed into a field are the field's. */
(function () {
  "use strict";
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) { return; }
    var target = event.target;
    if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) { return; }
    var accept = document.getElementById("accept-form");
    var reason = document.getElementById("reject-reason");
    var next = document.getElementById("next-candidate");
    if (event.key === "a" && accept) {
      event.preventDefault();
      if (accept.requestSubmit) { accept.requestSubmit(); } else { accept.submit(); }
    } else if (event.key === "r" && reason) {
      event.preventDefault();
      reason.focus();
    } else if (event.key === "j" && next) {
      event.preventDefault();
      window.location.href = next.href;
    }
  });
}());
