"""Review widgets: each shows data set by its screen and posts messages up."""
