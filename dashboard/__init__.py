"""The aggstats explorer: a Dash app that reads only the warehouse, through aggstats.query."""
