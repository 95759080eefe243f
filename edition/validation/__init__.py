"""Validation: the TEI P5 schema (fetched, cached, compiled as a subset), the Schematron rules
a document declares, and reports of what is wrong, located."""
