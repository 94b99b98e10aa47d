// Admin area enhancements. (A file, not inline handlers: the Content-Security-Policy allows no inline script.)
(function () {
    "use strict";

    // A form with data-confirm asks before it is sent (cancelling and refunding, for instance).
    document.querySelectorAll("form[data-confirm]").forEach(function (form) {
        form.addEventListener("submit", function (event) {
            if (!window.confirm(form.dataset.confirm)) {
                event.preventDefault();
            }
        });
    });
})();
