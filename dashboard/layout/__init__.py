"""Page layouts: built from a view (read from the URL), so that a link restores the view."""
