"""The Sphinx layer: the domain (cross-document data), the directives, the transforms and
events, page metadata and downloads."""
