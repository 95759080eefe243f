"""choice and app: alternative readings of one place, kept side by side until a view picks one."""

from __future__ import annotations

from collections.abc import Callable

from docutils import nodes
from lxml import etree

from edition.core.behaviours import ChoiceReading, EditorialChoice
from edition.core.phenomena import Walker
from edition.core.tei import local_name
from edition.core.view import VIEWS

# Attributes an editor puts on a reading to say who, how sure, of what kind and on what authority.
EDIT_ATTRIBUTES = ("resp", "cert", "type", "source", "evidence", "reason", "wit")
# A group of readings counts as its members' role.
GROUPS = {"rdgGrp": "rdg"}


def alternatives(
    element: etree._Element,
    converter: Walker,
    annotate: Callable[[nodes.Element, etree._Element], nodes.Element],
) -> list[nodes.Node]:
    node = EditorialChoice()
    annotate(node, element)
    for child in element:
        if not isinstance(child.tag, str):
            continue
        name = local_name(child)
        role = GROUPS.get(name, name)
        reading = ChoiceReading("", "", reading=role)
        # A nested choice, a witness's note: converted like anything else, inside the reading.
        content = converter.children(child) if role != "choice" else converter.convert(child)
        reading.extend(content)
        if role == "choice":
            nested = content[0] if content else None
            reading["roles"] = (
                [c["reading"] for c in nested.readings()]
                if isinstance(nested, EditorialChoice)
                else []
            )
        for attribute in EDIT_ATTRIBUTES:
            value = child.get(attribute)
            if value is not None:
                reading[attribute] = value
        node.append(reading)
    present: set[str] = {str(reading["reading"]) for reading in node.readings()}
    for reading in node.readings():
        nested_roles: list[str] = reading.get("roles", [])
        present.update(nested_roles)
    # A choice whose readings no view prefers (two unclear readings) shows its first in every
    # view; one that some view can resolve must be resolvable by every view.
    if any(present & set(view.prefer) for view in VIEWS.values()):
        for view in VIEWS.values():
            if not present & set(view.prefer):
                first = node.readings()[0]["reading"]
                converter.warn(
                    element,
                    "choice-reading",
                    f"<{local_name(element)}> has no reading for the {view.name} view (one of "
                    f"{', '.join(f'<{name}>' for name in view.prefer)}), so that view would "
                    f"show <{first}> in its place; add the missing reading (an empty one if "
                    "the source has nothing)",
                )
    return [node]
