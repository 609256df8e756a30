#!/bin/sh
# Rebuilds dashboard/assets/vendor/plotly-aggstats.min.js: plotly.js with only the traces the
# explorer draws. Run after upgrading the `plotly` Python package; the plotly.js version here must
# equal plotly.offline.get_plotlyjs_version() (tests/unit/test_plotly_bundle.py checks it).
set -eu
cd "$(dirname "$0")"
npm install --no-audit --no-fund
npm run build
