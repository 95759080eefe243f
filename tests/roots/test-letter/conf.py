extensions = ["edition"]
html_theme = "alabaster"
