"""Load TEI documents safely with lxml and index them; no docutils here (the header model is
header.py)."""

from __future__ import annotations

import codecs
import hashlib
import os
import re
import stat
from collections import OrderedDict
from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from urllib.parse import urlparse

from lxml import etree

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
XML_ID = f"{{{XML_NS}}}id"
XML_LANG = f"{{{XML_NS}}}lang"
NAMESPACES = MappingProxyType({"tei": TEI_NS})


class TeiError(Exception):
    """A problem with an input file, located for the person who has to fix it."""

    def __init__(
        self, path: Path | str, message: str, line: int | None = None, column: int | None = None
    ) -> None:
        super().__init__(message)
        self.path = str(path)
        self.message = message
        self.line = line
        self.column = column

    def __str__(self) -> str:
        where = self.path
        if self.line is not None:
            where += f":{self.line}:{self.column or 1}"
        return f"{where}: {self.message}"


def local_name(element: etree._Element) -> str:
    """The element's name without namespace ('' for comments and processing instructions)."""
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    return str(etree.QName(tag).localname)


def is_tei(element: etree._Element) -> bool:
    tag = element.tag
    return isinstance(tag, str) and tag.startswith(f"{{{TEI_NS}}}")


_XML_SPACE = re.compile(r"[ \t\r\n]+")


def normalize_space(text: str) -> str:
    """XPath's normalize-space(): the whitespace rule TEI text follows. Only XML whitespace
    (space, tab, CR, LF) counts: a no-break space is part of the text."""
    return _XML_SPACE.sub(" ", text).strip(" ")


# No network, no DTD loading, no entity expansion: a TEI edition needs none of them, and each
# is a way for a hostile file to read local files or exhaust memory. Without huge_tree libxml2
# also refuses nesting beyond 256 levels and text nodes over 10 MB. (For the whole-file parser
# and for the streamed parse of `edition text` alike.)
SAFE_PARSING = MappingProxyType(
    {
        "resolve_entities": False,
        "no_network": True,
        "load_dtd": False,
        "huge_tree": False,
        "remove_blank_text": False,
    }
)


def _safe_parser() -> etree.XMLParser:
    return etree.XMLParser(dtd_validation=False, **SAFE_PARSING)


def syntax_error(path: Path, error: etree.XMLSyntaxError) -> TeiError:
    """libxml2's message, located (line and column at least 1), without its own location."""
    line, column = error.position
    message = re.sub(r", line \d+, column \d+$", "", str(error.msg or error))
    return TeiError(path, f"malformed XML: {message}", max(line, 1), max(column, 1))


@dataclass(frozen=True)
class TeiDocument:
    """A parsed TEI document with the indexes every later step needs."""

    path: Path
    tree: etree._ElementTree
    source_lines: tuple[str, ...]
    ids: Mapping[str, etree._Element] = field(repr=False)
    notes_by_target: Mapping[str, tuple[etree._Element, ...]] = field(repr=False)
    digest: str = ""  # of the bytes it was parsed from (sha256, hex)

    @property
    def root(self) -> etree._Element:
        return self.tree.getroot()

    def find(self, path: str) -> etree._Element | None:
        return self.root.find(path, namespaces=dict(NAMESPACES))

    def body(self) -> etree._Element | None:
        return self.find("tei:text/tei:body")

    def text(self) -> etree._Element | None:
        return self.find("tei:text")

    def note_text(self, target_id: str) -> str:
        """The text of every note pointing at target_id, whitespace-normalised."""
        notes = self.notes_by_target.get(target_id, ())
        return " ".join(normalize_space("".join(note.itertext())) for note in notes)

    def column_of(self, element: etree._Element) -> int:
        """Column (1-based) of the element's start tag on its line; lxml records only lines."""
        line = element.sourceline
        if not line or line > len(self.source_lines):
            return 1
        return start_tag_column(self.source_lines[line - 1], element)


def start_tag_column(text: str, element: etree._Element) -> int:
    """Column (1-based) of the element's start tag in text, its source line (1 if not found)."""
    name = element.prefix + ":" + local_name(element) if element.prefix else local_name(element)
    match = re.search(rf"<{re.escape(name)}(?=[\s/>])", text)
    return match.start() + 1 if match else 1


MAX_BYTES_ENV = "EDITION_MAX_MB"
DEFAULT_MAX_MB = 100
# Single-byte encodings: bytes that are valid UTF-8 with non-ASCII characters in a file declared
# as one of these are almost certainly UTF-8 mislabelled ("Ã©" would be rendered for "é").
_SINGLE_BYTE = re.compile(
    r"^(iso-?8859-?\d+|latin-?\d|windows-?125\d|cp125\d|us-ascii|ascii)$", re.I
)


def max_bytes() -> int:
    """The size limit for one TEI file: $EDITION_MAX_MB megabytes, 100 by default."""
    value = os.environ.get(MAX_BYTES_ENV, "").strip()
    if not value:
        return DEFAULT_MAX_MB * 1_000_000
    try:
        megabytes = float(value)
    except ValueError:
        megabytes = -1
    if not 0 < megabytes < 1e9:  # also nan and inf
        raise TeiError(MAX_BYTES_ENV, f'"{value}" is not a size: give megabytes, e.g. 250')
    return int(megabytes * 1_000_000)


def _size(count: int) -> str:
    return f"{count / 1_000_000:.1f} MB" if count >= 100_000 else f"{count:,} bytes"


def _file_error(path: Path, error: OSError) -> TeiError:
    if isinstance(error, FileNotFoundError):
        return TeiError(path, "no such file; check the path (TEI sources live in tei/)")
    if isinstance(error, IsADirectoryError):
        return TeiError(path, "is a directory, not a TEI file")
    return TeiError(path, f"cannot read the file: {error.strerror}")


def check_size(path: Path) -> None:
    """Refuse, before reading it, what is not a regular file or is over the size limit."""
    try:
        info = path.stat()
    except OSError as error:
        raise _file_error(path, error) from None
    _check_regular(path, info)


def _check_regular(path: Path, info: os.stat_result) -> None:
    if stat.S_ISDIR(info.st_mode):
        raise _file_error(path, IsADirectoryError())
    if not stat.S_ISREG(info.st_mode):
        # A device never ends (/dev/zero), a pipe waits for a writer (a FIFO, /dev/stdin):
        # reading either could take all the memory or hang, and neither has a size to check.
        raise TeiError(
            path,
            "is not a regular file (a device, a pipe or a stream); save the document to a "
            "file and give its path",
            1,
            1,
        )
    if info.st_size > max_bytes():
        raise _over_limit(path, info.st_size)


def _over_limit(path: Path, size: int, at_least: bool = False) -> TeiError:
    return TeiError(
        path,
        f"the file is {'over ' if at_least else ''}{_size(size)}, over the limit of "
        f"{_size(max_bytes())}; split it, or raise the limit with {MAX_BYTES_ENV}=<megabytes>",
        1,
        1,
    )


def text_or_empty(path: Path) -> str:
    """A file's text, or "" where it is missing or damaged (not UTF-8, a folder): for the
    memos and stamps the edition writes itself, which are then no memo, and for a message
    that only looks a line up."""
    try:
        return path.read_text("utf-8")
    except (OSError, UnicodeDecodeError):
        return ""


def read_regular(path: Path) -> bytes:
    """The bytes of a regular file within the size limit, checked on the file that is open,
    not on its name, and never read past the limit (a file that grows while it is read)."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        descriptor = os.open(path, flags)  # non-blocking: a FIFO opens at once, then is refused
    except OSError as error:
        raise _file_error(path, error) from None
    with os.fdopen(descriptor, "rb") as stream:
        _check_regular(path, os.fstat(descriptor))
        try:
            data = stream.read(max_bytes() + 1)
        except OSError as error:
            raise _file_error(path, error) from None
    if len(data) > max_bytes():
        raise _over_limit(path, max_bytes(), at_least=True)
    return data


def check_encoding_streamed(path: Path) -> None:
    """The encoding check of parse(), reading the file in chunks rather than whole."""
    with path.open("rb") as stream:
        head = stream.read(1024)
        declared = re.search(rb"""^<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""", head)
        if declared is None or not _SINGLE_BYTE.match(declared.group(1).decode("ascii")):
            return
        decoder = codecs.getincrementaldecoder("utf-8")()
        offset, chunk, first = 0, head, None
        try:
            while chunk:
                if first is None and not chunk.isascii():
                    first = offset + next(i for i, byte in enumerate(chunk) if byte >= 0x80)
                decoder.decode(chunk)
                offset += len(chunk)
                chunk = stream.read(1 << 20)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return  # really a single-byte file
        if first is None:
            return  # all ASCII: the same in either encoding
        stream.seek(0)
        before = stream.read(first)
    raise _mislabelled(path, declared.group(1).decode("ascii"), before)


def _read(path: Path) -> bytes:
    return read_regular(path)


def parse(path: Path | str, data: bytes | None = None) -> tuple[etree._ElementTree, str]:
    """Parse any XML file (or its bytes, if given) safely; errors carry file, line and column."""
    path = Path(path)
    if data is None:
        data = _read(path)
    elif len(data) > max_bytes():
        raise TeiError(path, f"over the limit of {_size(max_bytes())}", 1, 1)
    try:
        root = etree.fromstring(data, _safe_parser(), base_url=str(path))
    except etree.XMLSyntaxError as error:
        raise syntax_error(path, error) from None
    tree = root.getroottree()
    _check_encoding(path, data, tree.docinfo.encoding or "")
    refuse_entities(path, tree)
    return tree, data.decode(tree.docinfo.encoding or "utf-8", errors="replace")


def _check_encoding(path: Path, data: bytes, declared: str) -> None:
    """Refuse UTF-8 bytes declared as a single-byte encoding: parsed as declared, every
    non-ASCII character would silently turn into two or three wrong ones."""
    if not _SINGLE_BYTE.match(declared) or data.isascii():
        return
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return  # really a single-byte file
    first = next(i for i, byte in enumerate(data) if byte >= 0x80)
    raise _mislabelled(path, declared, data[:first])


def _mislabelled(path: Path, declared: str, before: bytes) -> TeiError:
    """The error for UTF-8 declared otherwise, located at the first non-ASCII byte (before is
    everything that precedes it)."""
    line = before.count(b"\n") + 1
    column = len(before) - (before.rfind(b"\n") + 1) + 1
    return TeiError(
        path,
        f'the XML declaration says encoding="{declared}" but the bytes are UTF-8 (first '
        "non-ASCII character here), so every such character would be misread; write "
        'encoding="UTF-8" in the declaration',
        line,
        column,
    )


def refuse_entities(path: Path, tree: etree._ElementTree) -> None:
    """Entities are how hostile files read local files or exhaust memory; TEI needs none."""
    dtd = tree.docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise TeiError(
            path,
            "the document declares entities in a DTD; TEI sources must not use entities "
            "(write the characters themselves, or use <g> for non-standard ones)",
            1,
            1,
        )


def check_tei_root(path: Path, root: etree._Element) -> None:
    """Refuse a root other than <TEI> in the TEI namespace, saying what was found."""
    if root.tag != f"{{{TEI_NS}}}TEI":
        qname = etree.QName(root)
        namespace = f" in namespace {qname.namespace}" if qname.namespace else " in no namespace"
        raise TeiError(
            path,
            f"not a TEI document: the root element is <{qname.localname}>{namespace}; "
            f'expected <TEI xmlns="{TEI_NS}">',
            root.sourceline,
            1,
        )


def load(path: Path | str, data: bytes | None = None) -> TeiDocument:
    """Load a TEI P5 document; raise TeiError for anything that is not one."""
    path = Path(path)
    if data is None:
        data = _read(path)
    tree, source = parse(path, data)
    root = tree.getroot()
    check_tei_root(path, root)
    ids: dict[str, etree._Element] = {}
    notes: dict[str, list[etree._Element]] = {}
    for element in root.iter():
        identifier = element.get(XML_ID)
        if identifier is not None:
            ids.setdefault(identifier, element)
        if element.tag == f"{{{TEI_NS}}}note":
            for pointer in (element.get("target") or "").split():
                if pointer.startswith("#"):
                    notes.setdefault(pointer[1:], []).append(element)
    return TeiDocument(
        path=path,
        tree=tree,
        source_lines=tuple(source.splitlines()),
        ids=MappingProxyType(ids),
        notes_by_target=MappingProxyType({k: tuple(v) for k, v in notes.items()}),
        digest=hashlib.sha256(data).hexdigest(),
    )


class Recent:
    """A small memo of what was made from a file's bytes, for the next caller in this
    process. Keys hold the bytes' digest, so an entry is never stale; the oldest goes first,
    so a project of a thousand letters never holds a thousand."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._entries: OrderedDict[Hashable, object] = OrderedDict()

    def get(self, key: Hashable) -> object | None:
        found = self._entries.get(key)
        if found is not None:
            self._entries.move_to_end(key)
        return found

    def put(self, key: Hashable, value: object) -> None:
        self._entries[key] = value
        self._entries.move_to_end(key)
        while len(self._entries) > self.size:
            self._entries.popitem(last=False)


# The documents parsed in this process, by path and digest (see load_shared).
_PARSED = Recent(16)


def file_digest(path: Path | str) -> str:
    """The digest load() gives a document, from the file's bytes alone (read within the
    same limits), without parsing them."""
    return hashlib.sha256(_read(Path(path))).hexdigest()


def load_shared(path: Path | str) -> TeiDocument:
    """load(), shared with every other caller in this process that reads the same bytes at
    the same path: the validation, the configuration and the pages of one `edition build`
    parse a file once. Callers read the document; none may change it."""
    path = Path(path)
    data = _read(path)
    key = (str(path.resolve()), hashlib.sha256(data).hexdigest())
    found = _PARSED.get(key)
    if isinstance(found, TeiDocument):
        return found
    document = load(path, data)
    _PARSED.put(key, document)
    return document


SCHEMATRON_NS = "http://purl.oclc.org/dsdl/schematron"


def declared_schematron(document: TeiDocument) -> list[Path]:
    """Local Schematron files named by <?xml-model?> instructions; remote ones are never fetched."""
    found = []
    node = document.root.getprevious()
    while node is not None:
        if isinstance(node, etree._ProcessingInstruction) and node.target == "xml-model":
            href = node.get("href") or ""
            if node.get("schematypens") == SCHEMATRON_NS and not urlparse(href).scheme:
                found.append((document.path.parent / href).resolve())
        node = node.getprevious()
    return list(reversed(found))
