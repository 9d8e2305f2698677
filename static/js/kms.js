/* KMS behaviour. The Content-Security-Policy allows scripts from this site
 * only, so every handler lives here instead of in the HTML.
 */
(function () {
  "use strict";

  /* Language switcher: submit the form as soon as a language is picked with
   * the mouse or touch. A keyboard user browsing the options with the arrow
   * keys must not be sent to another page at every step (WCAG 3.2.2), so
   * after a key press the change waits for Enter or the submit button,
   * which works with or without this script. */
  function initAutoSubmit(select) {
    var form = select.form;
    if (!form) {
      return;
    }
    var changedByKeyboard = false;

    select.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        event.preventDefault();
        submit(form);
        return;
      }
      if (event.key !== "Tab" && event.key !== "Shift") {
        changedByKeyboard = true;
      }
    });
    select.addEventListener("pointerdown", function () {
      changedByKeyboard = false;
    });
    select.addEventListener("change", function () {
      if (!changedByKeyboard) {
        submit(form);
      }
    });
  }

  function submit(form) {
    if (typeof form.requestSubmit === "function") {
      form.requestSubmit();
    } else {
      form.submit();
    }
  }

  function init() {
    var selects = document.querySelectorAll("select[data-kms-autosubmit]");
    for (var i = 0; i < selects.length; i += 1) {
      initAutoSubmit(selects[i]);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
