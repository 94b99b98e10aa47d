// Small enhancements; every page works without them.
(function () {
    "use strict";

    // Sorting applies as soon as a shopper picks an order; the Apply button is for browsers without script.
    document.querySelectorAll("form[data-autosubmit]").forEach(function (form) {
        form.querySelectorAll(".js-hidden").forEach(function (el) { el.hidden = true; });
        form.querySelectorAll("select").forEach(function (select) {
            select.addEventListener("change", function () { form.submit(); });
        });
    });

    // On the product page, say how a quantity splits between shipping now and backorder
    // before the shopper reaches the cart. The server computed each quantity's split.
    document.querySelectorAll("input[data-splits]").forEach(function (input) {
        var splits;
        try { splits = JSON.parse(input.dataset.splits); } catch (e) { return; }
        var output = document.getElementById("quantity-split");
        if (!output || !Array.isArray(splits)) { return; }

        function describe() {
            var qty = parseInt(input.value, 10);
            var split = splits[qty - 1];
            if (!split) {
                output.textContent = qty > splits.length ? "You can order up to " + splits.length + " at a time." : "";
                return;
            }
            if (split.later > 0 && split.now > 0) {
                output.textContent = split.now + " ship now, " + split.later + " on backorder" +
                    (split.eta ? " (ships by " + split.eta + ")" : "") +
                    ". You're charged for all of them now and can cancel the backordered ones before they ship.";
            } else if (split.later > 1 && split.eta) {
                // One unit's date is already on the page; a bigger order may wait for a later delivery.
                output.textContent = "All " + qty + " ship by " + split.eta + ".";
            } else {
                output.textContent = "";
            }
        }
        input.addEventListener("input", describe);
        describe();
    });
})();
