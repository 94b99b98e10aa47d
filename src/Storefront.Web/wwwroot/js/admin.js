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

// Ready to ship: tick every order on the page; open the packing slips of the ticked ones; print.
(function () {
    "use strict";

    document.querySelectorAll("[data-select-all]").forEach(function (all) {
        all.addEventListener("change", function () {
            document.querySelectorAll("input[type=checkbox][name='" + all.dataset.selectAll + "']").forEach(function (box) {
                box.checked = all.checked;
            });
        });
    });

    document.querySelectorAll("[data-packing-slips]").forEach(function (button) {
        button.addEventListener("click", function () {
            var ids = Array.prototype.map.call(document.querySelectorAll("input[name=Selected]:checked"), function (box) {
                return "id=" + encodeURIComponent(box.value);
            });
            if (ids.length === 0) {
                window.alert("Tick the orders whose packing slips you want to print.");
                return;
            }
            window.open(button.dataset.packingSlips + "?" + ids.join("&"), "_blank", "noopener");
        });
    });

    document.querySelectorAll("[data-print]").forEach(function (button) {
        button.addEventListener("click", function () { window.print(); });
    });
})();
