// A searchable dropdown opened from the keyboard or with a click puts focus on the chosen
// option, where typing does nothing. Put it in the search box instead (arrow keys still move
// to the options from there), and send a letter typed on an option to the search box too.
// And the measure picker, touched before its measures came, takes them at once.
(function () {
    function searchOf(node) {
        var content = node && node.closest && node.closest(".dash-dropdown-content");
        return content ? content.querySelector("input.dash-dropdown-search") : null;
    }
    function isOption(node) {
        return node && node.classList && node.classList.contains("dash-options-list-option-checkbox");
    }
    // The measure picker holds the measure on screen alone until the chart is drawn
    // (callbacks/controls.py); touched earlier, it takes every measure at once.
    function touched(event) {
        var picker = document.getElementById("measure");
        var wrapper = picker && (picker.closest(".dash-dropdown-wrapper") || picker);
        if (wrapper && wrapper.contains(event.target) && window.aggstatsFillMeasures) {
            window.aggstatsFillMeasures();
        }
    }
    ["pointerover", "pointerdown", "focusin", "keydown"].forEach(function (type) {
        document.addEventListener(type, touched, true);
    });
    document.addEventListener("focusin", function (event) {
        var search = searchOf(event.target);
        if (!search || !isOption(event.target)) { return; }
        var from = event.relatedTarget;
        if (from && search.closest(".dash-dropdown-content").contains(from)) { return; }
        search.focus();
    });
    document.addEventListener("keydown", function (event) {
        var search = searchOf(event.target);
        if (!search || !isOption(event.target)) { return; }
        if (event.key.length === 1 && !event.ctrlKey && !event.metaKey && !event.altKey) {
            search.focus();
        }
    }, true);
})();
