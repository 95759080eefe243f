"""Writers for output formats Sphinx does not have: the PDF through Typst."""
