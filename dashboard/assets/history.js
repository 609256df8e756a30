// Back and forward: hand the address to the app (the "nav" store), which builds the page
// from it. The app writes the address itself with pushState, which fires no popstate.
// Until the person next touches the page, the rebuilt page is settling: the URL writer
// (callbacks/routing.py) replaces the address instead of stacking entries, so the forward
// history survives however long the rebuild takes. A page opened from a link settles the same
// way: writing its address the way the app writes it replaces the link's entry.
window.aggstatsSettling = true;
window.addEventListener("popstate", function () {
    window.aggstatsSettling = true;
    if (window.dash_clientside && window.dash_clientside.set_props) {
        window.dash_clientside.set_props("nav", {
            data: {search: window.location.search, at: Date.now()}
        });
    }
});
["pointerdown", "keydown"].forEach(function (type) {
    window.addEventListener(type, function () { window.aggstatsSettling = false; }, true);
});
