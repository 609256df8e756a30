"""Figure builders: plain functions from shaped frames to Plotly figures (as plain dicts, which
Dash sends as they are; building go.Figure objects would validate every property, slowly)."""
