"""The few TEI elements whose behaviour needs code beyond the rules table (alternatives, links)."""
