// Django admin, periodic tasks: say in words what the chosen crontab means.
// (django-celery-beat does this with an inline script, which the CSP blocks.)
(function () {
  "use strict";
  var script = document.currentScript;
  var readable = JSON.parse(document.getElementById("readable-crontabs").textContent);
  var select = document.getElementById("id_crontab");
  var help = document.querySelector(".field-crontab .help");
  var translation = document.querySelector(".field-crontab_translation");
  if (translation) {
    translation.hidden = true;
  }
  if (!select || !help) {
    return;
  }
  var line = document.createElement("div");
  help.appendChild(line);
  var show = function () {
    var words = readable[select.value];
    line.textContent = words ? script.dataset.readsAs + " " + words : "";
  };
  select.addEventListener("change", show);
  show();
})();
