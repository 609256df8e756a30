"""Component ids, defined once."""

# page and routing
URL = "url"
PAGE = "page"
URL_WRITER = "url-writer"
NAV = "nav"  # set by assets/history.js on back and forward
LINK_NOTICE = "link-notice"  # what a link asked for that could not be shown

# on a narrow screen the controls fold behind a button, so the chart is on the first screen
CONTROLS_AREA = "controls-area"
CONTROLS_TOGGLE = "controls-toggle"

# controls (each one is a field of dashboard.state.View, and a URL parameter)
MEASURE = "measure"
MEASURE_INFO = "measure-info"
MEASURE_OPTIONS = "measure-options"  # a store: every measure, for the picker once the chart is up
ALSO = "also"  # a second measure on the chart
LEVEL = "level"
REGIONS = "regions"
GRAIN = "grain"
START = "start"
END = "end"
AS_OF = "as-of"  # figures as published by a release date (empty: the newest)
BREAKDOWN = "breakdown"
STYLE = "style"
TOP = "top"
COMPARE = "compare"
CHART_KIND = "chart-kind"
CONTEXT = "context"
TAB = "tab"
SORT = "sort"  # a store: the table's sort column
SORT_BUTTON = "sort-button"

# views
CHART = "chart"
CHART_NOTES = "chart-notes"
CHART_FIGURE = "chart-figure"  # the chart's container: role=figure, aria-label = its summary
MAP = "map"
MAP_NOTES = "map-notes"
MAP_FIGURE = "map-figure"
TABLE = "table"
SOURCES = "sources"
STATUS = "status"  # how current every source is
PANEL = "panel"  # PANEL + "-" + tab name

# downloads
DOWNLOAD_CSV = "download-csv"
DOWNLOAD = "download"
DOWNLOAD_PNG = "download-png"
DOWNLOAD_SVG = "download-svg"
IMAGE_DONE = "image-done"
CITATION = "citation"  # what an image of the view cites: source, data date (dashboard.citation)
