// Small enhancements; every page works without them.
(function () {
    "use strict";

    // The header's two menus, in place of Bootstrap's script (80 KB for these two): the phone menu
    // button shows the navigation, and the Categories button opens its list. The list closes on a
    // click elsewhere or Escape, and the arrow keys move through it. Bootstrap's stylesheet styles both
    // through the same classes and attributes its script would set. (A page that loads Bootstrap's
    // script leaves the menus to it.)
    var menus = window.bootstrap ? [] : document.querySelectorAll('[data-bs-toggle="collapse"][data-bs-target], [data-bs-toggle="dropdown"]');
    Array.prototype.filter.call(menus, function (el) { return el.dataset.bsToggle === "collapse"; }).forEach(function (button) {
        var target = document.querySelector(button.dataset.bsTarget);
        if (!target) { return; }
        button.addEventListener("click", function () {
            var open = target.classList.toggle("show");
            button.classList.toggle("collapsed", !open);
            button.setAttribute("aria-expanded", String(open));
        });
    });

    var openMenu = null;
    function closeMenu(focusButton) {
        if (!openMenu) { return; }
        var button = openMenu.button;
        openMenu.button.classList.remove("show");
        openMenu.button.setAttribute("aria-expanded", "false");
        openMenu.menu.classList.remove("show");
        openMenu.menu.removeAttribute("data-bs-popper");
        openMenu = null;
        if (focusButton) { button.focus(); }
    }
    Array.prototype.filter.call(menus, function (el) { return el.dataset.bsToggle === "dropdown"; }).forEach(function (button) {
        var menu = button.parentElement && button.parentElement.querySelector(".dropdown-menu");
        if (!menu) { return; }
        function items() { return Array.prototype.slice.call(menu.querySelectorAll(".dropdown-item")); }
        function open() {
            closeMenu(false);
            button.classList.add("show");
            button.setAttribute("aria-expanded", "true");
            menu.setAttribute("data-bs-popper", "static");
            menu.classList.add("show");
            openMenu = { button: button, menu: menu };
        }
        button.addEventListener("click", function () {
            if (openMenu && openMenu.button === button) { closeMenu(false); } else { open(); }
        });
        button.parentElement.addEventListener("keydown", function (e) {
            if (e.key === "Escape" && openMenu && openMenu.button === button) {
                e.preventDefault();
                closeMenu(true);
            } else if (e.key === "ArrowDown" || e.key === "ArrowUp") {
                e.preventDefault();
                if (!openMenu || openMenu.button !== button) { open(); }
                var list = items();
                var at = list.indexOf(document.activeElement);
                var next = e.key === "ArrowDown" ? Math.min(at + 1, list.length - 1) : (at < 0 ? list.length - 1 : Math.max(at - 1, 0));
                if (list[next]) { list[next].focus(); }
            }
        });
    });
    document.addEventListener("click", function (e) {
        if (openMenu && !openMenu.button.parentElement.contains(e.target)) { closeMenu(false); }
    });
    document.addEventListener("focusin", function (e) {
        if (openMenu && !openMenu.button.parentElement.contains(e.target)) { closeMenu(false); }
    });

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
