"""What every node type of ours is: a class that carries its own visitors and Typst functions,
so that registration and the PDF's preamble are derived from the classes, never listed."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from types import MappingProxyType
from typing import Any, ClassVar

from docutils import nodes

Visitor = Callable[[Any, Any], None]

# The builder formats a node's visitors are looked up for (others, such as xml, render every
# node through its docutils base class).
FORMATS = ("html", "text", "latex", "man", "texinfo", "typst")
PRINT_AND_TEXT = frozenset(FORMATS) - {"html"}
EVERYWHERE = frozenset(FORMATS)


def skip(translator: Any, node: nodes.Node) -> None:
    raise nodes.SkipNode


class EditionNode:
    """Mixin of every node type of ours, placed before its docutils base.

    Where the base's rendering is wrong for a builder format, the class says so itself:
    a static method ``visit_<format>`` (and ``depart_<format>`` if it needs one), or the format
    in ``omitted_in`` for a node that format leaves out. ``typst_functions`` holds the Typst
    definitions its ``visit_typst`` calls; the PDF's preamble is made of them. ``css`` holds
    the web's rules for its class hooks (tei-<element>); the site's stylesheet ends with
    them. A translator that finds no visitor of a node's own uses its base class's (Sphinx
    dispatches along the class's MRO), so a node that renders as its base declares nothing.
    """

    omitted_in: ClassVar[frozenset[str]] = frozenset()
    typst_functions: ClassVar[Mapping[str, str]] = MappingProxyType({})
    css: ClassVar[str] = ""  # rules for its class hooks, added to the site's edition.css

    def __reduce_ex__(self, protocol: Any) -> tuple[Any, ...]:
        """Pickled flat: the subtree as a list of its nodes in document order. Python 3.12's
        pickler recurses in C, a few levels for each level of the tree, under a limit that
        sys.setrecursionlimit no longer raises: a valid TEI file nested 250 deep (libxml2
        allows 256) could not be kept as a doctree. Sphinx pickles every doctree."""
        return (_rebuilt, (_flattened(self), getattr(self, "parent", None)))

    @classmethod
    def visitors(cls) -> dict[str, tuple[Visitor, Visitor | None]]:
        """app.add_node's keyword arguments for this class."""
        found: dict[str, tuple[Visitor, Visitor | None]] = {}
        for fmt in FORMATS:
            visit = getattr(cls, f"visit_{fmt}", None)
            if fmt in cls.omitted_in:
                found[fmt] = (skip, None)
            elif visit is not None:
                found[fmt] = (visit, getattr(cls, f"depart_{fmt}", None))
        return found


# A node of a flattened subtree: its class, its text (a Text node) or None, its own
# attributes but its children and parent, and its parent's position in the list.
FlatNode = tuple[Any, str | None, dict[str, Any], int | None]


def _flattened(top: Any) -> list[FlatNode]:
    found: list[FlatNode] = []
    waiting: list[tuple[Any, int | None]] = [(top, None)]
    while waiting:
        node, parent = waiting.pop()
        state = {k: v for k, v in vars(node).items() if k not in ("children", "parent")}
        if isinstance(node, nodes.Text):
            found.append((type(node), str(node), state, parent))
            continue
        found.append((type(node), None, state, parent))
        position = len(found) - 1
        waiting.extend((child, position) for child in reversed(node.children))
    return found


def _rebuilt(flat: list[FlatNode], parent: Any) -> Any:
    """The subtree _flattened() listed, under its parent again."""
    built: list[Any] = []
    for cls, text, state, position in flat:
        node: Any = cls.__new__(cls, text) if text is not None else cls.__new__(cls)
        if text is None:
            node.children = []
        node.__dict__.update(state)
        node.parent = built[position] if position is not None else parent
        if position is not None:
            built[position].children.append(node)
        built.append(node)
    return built[0]


def node_types() -> list[type[EditionNode]]:
    """Every node class of ours that is imported, in a stable order (module, then name)."""

    def below(cls: type[EditionNode]) -> Iterator[type[EditionNode]]:
        for sub in cls.__subclasses__():
            yield sub
            yield from below(sub)

    found = {cls for cls in below(EditionNode) if issubclass(cls, nodes.Element)}
    return sorted(found, key=lambda cls: (cls.__module__, cls.__qualname__))


def register(app: Any) -> None:
    """app.add_node for each node type of ours, with the visitors the class carries. Every
    one is registered, visitors or not: that is what lets docutils' generic visitors (the
    xml builder) and Sphinx's MRO dispatch walk it."""
    for node_class in node_types():
        app.add_node(node_class, override=True, **node_class.visitors())


def stylesheet() -> str:
    """The CSS the node types carry, in their stable order, for the end of edition.css."""
    return "".join(f"{cls.css.strip()}\n" for cls in node_types() if cls.__dict__.get("css"))


def typst_functions() -> dict[str, str]:
    """name -> Typst definition, gathered from the node types. One name given two different
    definitions is a programming error, caught here rather than as a puzzling PDF."""
    found: dict[str, str] = {}
    owners: dict[str, str] = {}
    for node_class in node_types():
        for name, definition in getattr(node_class, "typst_functions", {}).items():
            if name in found and found[name] != definition:
                raise TypeError(
                    f"Typst function {name!r} is defined by both {owners[name]} and "
                    f"{node_class.__qualname__}, differently; define it once"
                )
            found[name] = definition
            owners.setdefault(name, node_class.__qualname__)
    return found
