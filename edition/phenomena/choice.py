"""<choice>: alternative encodings of one place (sic/corr, orig/reg, abbr/expan); views pick one."""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from lxml import etree

from ..tei import local_name
from ..views import VIEWS, View
from .base import annotate

if TYPE_CHECKING:
    from ..convert import Converter, ConvertFn

READINGS = frozenset({"sic", "corr", "orig", "reg", "abbr", "expan", "unclear", "seg"})
# Attributes an editor puts on a reading to say who, how sure, of what kind and on what authority.
EDIT_ATTRIBUTES = ("resp", "cert", "type", "source", "evidence", "reason")


class EditorialChoice(nodes.inline):
    """All readings of one place, kept side by side until a view picks one."""

    def readings(self) -> list[ChoiceReading]:
        return [child for child in self.children if isinstance(child, ChoiceReading)]

    def reading_for(self, view: View) -> ChoiceReading | None:
        readings = self.readings()
        for wanted in view.prefer:
            for reading in readings:
                if reading["reading"] == wanted:
                    return reading
        return readings[0] if readings else None

    def in_view(self, view: View) -> list[nodes.Node]:
        chosen = self.reading_for(view)
        shown = ChosenReading("", "", *(chosen.children if chosen else ()))
        for key in ("tei_id", "tei_line"):
            if key in self:
                shown[key] = self[key]
        shown["reading"] = chosen["reading"] if chosen else ""
        shown["classes"] = ["tei-choice", f"tei-{shown['reading']}"]
        return [shown]


class ChoiceReading(nodes.inline):
    """One reading inside a choice (its name in 'reading', the editor's attributes with it)."""


class ChosenReading(nodes.inline):
    """What a view shows of a choice; keeps the choice's id so views can link the two readings."""


def choice(element: etree._Element, converter: Converter) -> list[nodes.Node]:
    node = annotate(EditorialChoice(), element)
    for child in element:
        name = local_name(child)
        if name not in READINGS:
            if isinstance(child.tag, str):
                converter.warn(
                    child,
                    "choice-content",
                    f"<{name}> is not a reading this edition knows inside <choice> "
                    f"(expected one of {', '.join(sorted(READINGS))}); it is left out",
                )
            continue
        reading = ChoiceReading("", "", *converter.children(child), reading=name)
        for attribute in EDIT_ATTRIBUTES:
            value = child.get(attribute)
            if value is not None:
                reading[attribute] = value
        node.append(reading)
    present = {reading["reading"] for reading in node.readings()}
    for view in VIEWS.values():
        if not present & set(view.prefer):
            shown = f"<{node.readings()[0]['reading']}>" if present else "nothing"
            converter.warn(
                element,
                "choice-reading",
                f"<choice> has no reading for the {view.name} view (one of "
                f"{', '.join(f'<{name}>' for name in view.prefer)}), so that view would show "
                f"{shown} in its place; add the missing reading (an empty one if the "
                "source has nothing)",
            )
    return [node]


HANDLERS: dict[str, ConvertFn] = {"choice": choice}
