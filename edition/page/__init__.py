"""The page layer: what a page of the edition is made of (a view alone or in synoptic columns,
notes and loci, links to readings and registers). No Sphinx here: it works on docutils trees
the core made."""
