#!/bin/sh
# Rebuilds dashboard/vendor/plotly-aggstats.min.js.gz: plotly.js with only the traces the
# explorer draws. Run after upgrading the `plotly` Python package; the plotly.js version here must
# equal plotly.offline.get_plotlyjs_version() (tests/unit/test_plotly_bundle.py checks it).
set -eu
cd "$(dirname "$0")"
npm install --no-audit --no-fund
npm run build
gzip -9 -n -c plotly-aggstats.min.js > ../../dashboard/vendor/plotly-aggstats.min.js.gz
