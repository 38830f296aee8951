"""``cpec-verify serve``: the review app in a browser, one app process per signed-in session."""
