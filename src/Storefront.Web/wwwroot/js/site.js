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

    // On the product page, say how a quantity splits between shipping now and backorder before
    // the shopper reaches the cart. The server wrote the sentence for every quantity it allows.
    document.querySelectorAll("input[data-splits]").forEach(function (input) {
        var hints;
        try { hints = JSON.parse(input.dataset.splits); } catch (e) { return; }
        var output = document.getElementById("quantity-split");
        if (!output || !Array.isArray(hints)) { return; }

        function describe() {
            var qty = parseInt(input.value, 10);
            var hint = hints[qty - 1];
            output.textContent = typeof hint === "string" ? hint : (qty > hints.length ? input.dataset.upTo || "" : "");
        }
        input.addEventListener("input", describe);
        describe();
    });
})();
