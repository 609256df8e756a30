// Back and forward: hand the address to the app (the "nav" store), which builds the page
// from it. The app writes the address itself with pushState, which fires no popstate.
window.addEventListener("popstate", function () {
    window.aggstatsNavigatedAt = Date.now();  // read by the URL writer (callbacks/routing.py)
    if (window.dash_clientside && window.dash_clientside.set_props) {
        window.dash_clientside.set_props("nav", {
            data: {search: window.location.search, at: Date.now()}
        });
    }
});
