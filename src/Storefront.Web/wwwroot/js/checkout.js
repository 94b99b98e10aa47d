// Checkout: the server prices each shipping choice; this only shows the chosen one in the summary
// without a round trip. (A file, not an inline script: the Content-Security-Policy allows no inline script.)
(function () {
    "use strict";
    document.querySelectorAll('input[name="Input.Shipping"]').forEach(function (radio) {
        radio.addEventListener("change", function () {
            document.getElementById("shipping-amount").textContent = radio.dataset.shipping;
            document.getElementById("order-total").textContent = radio.dataset.total;
            document.getElementById("shipping-choice-text").textContent = radio.dataset.text;
        });
    });
})();
