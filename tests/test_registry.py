"""Every TEI element the edition's text uses has a handler; the registry is wired as documented."""

from __future__ import annotations

from edition.convert import HANDLERS, unknown_element
from edition.phenomena import choice, lines, links, names, notes, phrases, specs, structure
from edition.tei import TeiDocument, is_tei, local_name


def test_every_element_in_the_text_has_a_handler(edition_document: TeiDocument) -> None:
    body = edition_document.body()
    assert body is not None
    unhandled = set()
    for element in body.iter():
        if not is_tei(element) or element is body:
            continue
        parent = element.getparent()
        if local_name(parent) == "choice":
            # Readings are converted by the choice handler, never on their own.
            handled = local_name(element) in choice.READINGS
        else:
            handled = local_name(element) in HANDLERS
        if not handled:
            unhandled.add(local_name(element))
    assert unhandled == set()


def test_each_phenomenon_module_owns_its_elements() -> None:
    modules = (structure, phrases, choice, notes, lines, links, specs, names)
    total = sum(len(module.HANDLERS) for module in modules)
    assert total == len(HANDLERS), "two phenomenon modules claim the same element"
    assert unknown_element not in HANDLERS.values()
