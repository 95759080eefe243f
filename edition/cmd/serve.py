"""`edition serve`: a live preview on this machine. Builds the HTML, serves it, watches the TEI
and the Sphinx project, validates and rebuilds incrementally on every edit, and reloads the
browser; problems are printed located and shown over the page."""

from __future__ import annotations

import functools
import json
import os
import signal
import stat
import sys
import threading
import webbrowser
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from edition.cmd.build import BuildRequest, run_sphinx
from edition.cmd.progress import Reporter
from edition.validation import schema
from edition.validation.validate import validate_all

CONTROL = "/__edition__/"
POLL_SECONDS = 0.5
# A constant tag added to every served page (never to the published build).
RELOAD_TAG = b'<script src="/__edition__/reload.js" defer></script>'
RELOAD_SCRIPT = b"""\
(() => {
  let generation = null;
  const box = document.createElement("pre");
  box.setAttribute("role", "alert");
  box.style.cssText = "position:fixed;inset:auto 0 0 0;max-height:40vh;overflow:auto;margin:0;" +
    "padding:1em;background:#5c0000;color:#fff;font:13px/1.4 monospace;z-index:99;" +
    "white-space:pre-wrap";
  async function poll() {
    try {
      const answer = await fetch("/__edition__/status", {cache: "no-store"});
      const status = await answer.json();
      if (generation === null) generation = status.generation;
      else if (status.generation !== generation) { location.reload(); return; }
      box.textContent = status.problems.join("\\n");
      if (status.problems.length && !box.isConnected) document.body.append(box);
      if (!status.problems.length) box.remove();
    } catch (error) { /* the server is restarting or gone: try again */ }
    setTimeout(poll, 700);
  }
  poll();
})();
"""


@dataclass
class BuildState:
    """What the pages ask the server: has a new build finished, and what is wrong now."""

    generation: int = 0
    problems: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def as_json(self) -> bytes:
        with self.lock:
            return json.dumps(
                {"generation": self.generation, "problems": self.problems}, ensure_ascii=False
            ).encode("utf-8")


class PreviewHandler(SimpleHTTPRequestHandler):
    """Serves the preview folder; adds the reload script to HTML pages."""

    state: BuildState

    def __init__(self, *args: Any, state: BuildState, **kwargs: Any) -> None:
        self.state = state
        super().__init__(*args, **kwargs)

    def do_GET(self) -> None:
        try:
            self._get()
        except (ValueError, OSError):  # a path no file can have (a NUL byte, too long)
            self.send_error(HTTPStatus.BAD_REQUEST)

    def list_directory(self, path: Any) -> None:
        """Never a listing of the site's folders: a folder without index.html is not found."""
        self.send_error(HTTPStatus.NOT_FOUND)
        return None

    def _get(self) -> None:
        path = self.path.split("?", 1)[0].split("#", 1)[0]
        if path == CONTROL + "status":
            self._send(self.state.as_json(), "application/json")
        elif path == CONTROL + "reload.js":
            self._send(RELOAD_SCRIPT, "text/javascript")
        elif path.endswith((".html", "/")):
            local = Path(self.translate_path(path))
            if local.is_dir():
                local = local / "index.html"
            if not local.is_file():
                self.send_error(HTTPStatus.NOT_FOUND)
                return
            page = local.read_bytes()
            at = page.rfind(b"</body>")
            page = page[:at] + RELOAD_TAG + page[at:] if at >= 0 else page + RELOAD_TAG
            self._send(page, "text/html; charset=utf-8")
        else:
            super().do_GET()

    def _send(self, body: bytes, content_type: str) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass  # the terminal is for the edition's problems, not for every request


def snapshot(folders: list[Path], ignore: Path) -> dict[Path, tuple[int, int]]:
    """Modification time and size of every file under the folders, outside the output. Links
    to folders are not followed (a link to its own folder would never end) and a link that
    leads nowhere or round in a circle is passed over: the watcher never stops for either."""
    seen = {}
    ignored = ignore.resolve()
    for folder in folders:
        for root, folders_here, files in os.walk(folder, onerror=lambda error: None):
            here = Path(root)
            folders_here[:] = [
                name
                for name in folders_here
                if not name.startswith(".")
                and name != "__pycache__"
                and Path(os.path.realpath(here / name)) != ignored  # realpath: never raises
            ]
            for name in files:
                path = here / name
                if name.startswith("."):
                    continue
                try:
                    info = path.stat()  # follows a link to a file; a loop raises OSError
                except OSError:
                    continue
                if stat.S_ISREG(info.st_mode):
                    seen[path] = (info.st_mtime_ns, info.st_size)
    return seen


class PreviewServer(ThreadingHTTPServer):
    """Many readers at once (a browser opens several connections per page), and a reader who
    goes away mid-answer is no error worth a traceback in the editor's terminal."""

    request_queue_size = 128
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        error = sys.exc_info()[1]
        if isinstance(error, ConnectionError | TimeoutError):
            return
        print(f"edition serve: a request failed: {error!r}", file=sys.stderr)


class Preview:
    """The build-serve-watch loop of `edition serve`."""

    def __init__(self, request: BuildRequest, reporter: Reporter, host: str, port: int) -> None:
        self.request = request
        self.reporter = reporter
        self.host = host
        self.port = port
        self.state = BuildState()
        self.site = request.output / "preview" / "html"
        self.doctrees = request.output / "preview" / ".doctrees"
        self.stopping = threading.Event()

    def watched(self) -> list[Path]:
        return sorted({*(s.parent for s in self.request.sources), self.request.docs})

    def rebuild(self) -> None:
        """Validate (the compiled schema stays in this process), then an incremental build."""
        reports = validate_all(self.request.sources, engine=self.request.engine)
        problems = [str(p) for r in reports for p in r.problems]
        for problem in problems:
            self.reporter.error(problem)
        if not problems:
            self.reporter.step("building the HTML")
            status = run_sphinx(
                "html",
                self.request.docs,
                self.site,
                self.doctrees,
                self.reporter,
                self.request.jobs,
                warnings_are_errors=False,
                # The preview is for reading while editing: no PDF rebuilt for the downloads at
                # every keystroke saved (`edition build` makes them).
                settings=["edition_downloads=0"],
            )
            if status != 0:
                problems = [f"{self.request.docs}: the Sphinx build failed; see the terminal"]
        with self.state.lock:
            self.state.problems = problems
            if not problems:
                self.state.generation += 1
        if problems:
            self.reporter.error(
                f"{len(problems)} problem(s); the pages shown are the last good build"
            )
        else:
            self.reporter.step("built; the browser reloads")

    def run(self, open_browser: bool = False) -> int:
        schema.locate(progress=self.reporter.step)
        self.site.mkdir(parents=True, exist_ok=True)
        self.rebuild()
        handler = functools.partial(PreviewHandler, state=self.state, directory=str(self.site))
        server = PreviewServer((self.host, self.port), handler)
        host, port = server.server_address[:2]
        url = f"http://{host.decode() if isinstance(host, bytes) else host}:{port}/"
        threading.Thread(target=server.serve_forever, daemon=True).start()
        print(f"serving {url} (the edition in {self.site}); Ctrl-C stops", flush=True)
        if open_browser:
            webbrowser.open(url)
        signal.signal(signal.SIGTERM, lambda *_: self.stopping.set())
        known = snapshot(self.watched(), self.request.output)
        try:
            while not self.stopping.wait(POLL_SECONDS):
                current = snapshot(self.watched(), self.request.output)
                if current != known:
                    changed = sorted(
                        str(p)
                        for p in set(current) ^ set(known)
                        | {p for p in current if known.get(p) != current[p]}
                    )
                    self.reporter.step(f"changed: {', '.join(changed[:3])}; rebuilding")
                    known = current
                    self.rebuild()
        except KeyboardInterrupt:
            pass
        finally:
            server.shutdown()
            server.server_close()
        self.reporter.step("preview stopped")
        return 0
