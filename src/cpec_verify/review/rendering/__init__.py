"""Rich ``Text`` built from store rows for the widgets to show; no Textual, no queries.
Untrusted text goes through ``safe_text``/``terminal_safe`` here, once."""
