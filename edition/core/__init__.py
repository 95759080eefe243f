"""The core: TEI loading, the header, the rules, the node types, views and the one conversion.

No Sphinx here (docutils and lxml only): `edition text`, validation and any other tool use the
core without starting Sphinx.
"""
