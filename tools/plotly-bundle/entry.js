// aggstats' plotly.js: core (scatter) + bar + scattergeo + choropleth, the traces the explorer draws.
var Plotly = require('plotly.js/lib/core');
Plotly.register([
    require('plotly.js/lib/bar'),
    require('plotly.js/lib/scattergeo'),
    require('plotly.js/lib/choropleth'),
]);
module.exports = Plotly;
