"""The converted doctree itself: our node types, what they carry, and what a view makes of them."""

from __future__ import annotations

from edition.core.view import DIPLOMATIC
from edition.core.views import project

from .helpers import convert

FRAGMENT = (
    '<p xml:id="p1">say <choice xml:id="c1"><sic>an</sic>'
    '<corr resp="#ed" type="typo" cert="high">and</corr></choice> learn</p>'
)


def test_converted_tree_keeps_every_reading() -> None:
    tree, _ = convert(FRAGMENT)
    assert tree.pformat() == (
        '<TeiText source="fragment.xml">\n'
        '    <TeiParagraph classes="tei-p" tei_id="p1" tei_line="6" tei_name="p">\n'
        "        say \n"
        '        <EditorialChoice classes="tei-choice" tei_id="c1" tei_line="6"'
        ' tei_name="choice">\n'
        '            <ChoiceReading reading="sic">\n'
        "                an\n"
        '            <ChoiceReading cert="high" reading="corr" resp="#ed" type="typo">\n'
        "                and\n"
        "         learn\n"
    )


def test_diplomatic_projection_keeps_the_choice_identity() -> None:
    tree, _ = convert(FRAGMENT)
    assert project(tree, DIPLOMATIC).pformat() == (
        '<TeiText source="fragment.xml">\n'
        '    <TeiParagraph classes="tei-p" tei_id="p1" tei_line="6" tei_name="p">\n'
        "        say \n"
        '        <ChosenReading classes="tei-choice tei-sic" reading="sic" tei_id="c1"'
        ' tei_line="6">\n'
        "            an\n"
        "         learn\n"
    )


def test_a_deep_doctree_of_ours_pickles_whole_on_every_python() -> None:
    """Python 3.12 pickles in C under a limit that sys.setrecursionlimit does not raise (about
    300 levels of a docutils tree): a node of ours pickles its subtree flat, so a TEI file as
    deep as libxml2 allows (256) is kept as a doctree, and what comes back is the same tree."""
    import copy
    import pickle

    from docutils import nodes as docutils_nodes

    from edition import allow_deep_documents
    from edition.core import behaviours

    allow_deep_documents()  # as the extension does: docutils' own walks recurse in Python
    top = docutils_nodes.section("", ids=["s"])
    text = behaviours.TeiParagraph("", "", ids=["p1"])
    top.append(text)
    inner: docutils_nodes.Element = text
    for depth in range(400):  # beyond the 300 that 3.12 pickles as docutils nodes
        child = behaviours.TeiInline("", "", classes=[f"d{depth}"])
        inner.append(child)
        inner = child
    inner.append(docutils_nodes.Text("deep"))
    inner.append(docutils_nodes.emphasis("", "er"))
    restored = pickle.loads(pickle.dumps(top, pickle.HIGHEST_PROTOCOL))
    assert restored.pformat() == top.pformat()
    paragraph = restored[0]
    assert paragraph.parent is restored and paragraph["ids"] == ["p1"]
    deepest = next(iter(restored.findall(docutils_nodes.emphasis)))
    assert deepest.parent["classes"] == ["d399"] and deepest.parent.parent["classes"] == ["d398"]
    assert copy.deepcopy(top).pformat() == top.pformat()
