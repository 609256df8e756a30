// Dash 4's controls, mended for assistive technology (axe-core checks these in the browser
// tests, tests/browser/test_accessibility.py):
// - RadioItems and Checklist are drawn as a listbox of options that each hold a native radio
//   or checkbox (nested controls, and a listbox with no name). The native inputs say it all:
//   the container becomes a radiogroup or group named by its fieldset's legend, and the
//   labels lose their option role.
// - A dropdown's trigger is a button reached through a hidden, focusable stand-in
//   (aria-hidden yet in the tab order). The button itself takes the tab stop, and its name
//   starts with the control's label ("Measure: CBP encounters"), not the value alone.
// - Dash's scripts sit in a <footer> that is not the page's footer.
(function () {
    function set(node, name, value) {
        if (value === null) {
            if (node.hasAttribute(name)) { node.removeAttribute(name); }
        } else if (node.getAttribute(name) !== value) {
            node.setAttribute(name, value);
        }
    }
    function mendChoices(list) {
        var radios = list.classList.contains("dash-radioitems");
        set(list, "role", radios ? "radiogroup" : "group");
        var fieldset = list.closest("fieldset");
        var legend = fieldset && fieldset.querySelector("legend");
        if (legend && !list.hasAttribute("aria-labelledby")) {
            set(list, "aria-label", legend.textContent.trim());
        }
        list.querySelectorAll(":scope > label.dash-options-list-option").forEach(function (label) {
            set(label, "role", null);
            set(label, "aria-selected", null);
        });
    }
    function mendDropdown(wrapper) {
        var stand = wrapper.querySelector(":scope > .dash-dropdown-focus-target");
        var button = wrapper.querySelector(":scope > button.dash-dropdown");
        if (!stand || !button) { return; }
        set(stand, "tabindex", "-1");
        if (!button.disabled) { set(button, "tabindex", "0"); }
        var label = button.id && document.getElementById(button.id + "-label");
        var named = button.getAttribute("aria-labelledby") || "";
        if (label && named.split(" ")[0] !== label.id) {
            set(button, "aria-labelledby", (label.id + " " + named).trim());
        }
    }
    // Dash's page template holds its scripts in a <footer>: a second "contentinfo" landmark
    // beside the page's own footer. It is no landmark.
    function mendScriptsFooter() {
        document.querySelectorAll("body > footer").forEach(function (footer) {
            set(footer, "role", "presentation");
        });
    }
    function mend(root) {
        mendScriptsFooter();
        root.querySelectorAll(".dash-radioitems, .dash-checklist").forEach(mendChoices);
        root.querySelectorAll(".dash-dropdown-wrapper").forEach(mendDropdown);
    }
    var pending = false;
    function schedule() {
        if (pending) { return; }
        pending = true;
        requestAnimationFrame(function () { pending = false; mend(document); });
    }
    new MutationObserver(schedule).observe(document.documentElement, {
        subtree: true,
        childList: true,
        attributes: true,
        attributeFilter: ["role", "aria-selected", "tabindex", "aria-labelledby"],
    });
    schedule();
})();
