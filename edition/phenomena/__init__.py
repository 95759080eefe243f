"""Editorial phenomena: one module per kind of TEI markup, each with its nodes and handlers."""
