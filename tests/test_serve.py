"""`edition serve`: starts, serves the edition with a reload script, rebuilds after an edit,
shows a located problem without losing the last good pages, and stops on a signal."""

from __future__ import annotations

import concurrent.futures
import http.client
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from .helpers import ROOT


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as answer:
        return str(answer.read().decode("utf-8"))


def wait_for(condition: Callable[[], bool], seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.3)
    raise AssertionError("timed out")


@pytest.fixture
def preview(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[str], str, Path]]:
    project = tmp_path / "project"
    shutil.copytree(ROOT / "tei", project / "tei")
    shutil.copytree(ROOT / "docs", project / "docs")
    process = subprocess.Popen(
        [sys.executable, "-m", "edition", "serve", "--port", "0"],
        cwd=project,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    first = process.stdout.readline()  # printed once the first build is served
    assert first.startswith("serving http://127.0.0.1:"), first + process.stderr.read()
    url = first.split()[1]
    try:
        yield process, url, project
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def status(url: str) -> dict[str, object]:
    return dict(json.loads(fetch(url + "__edition__/status")))


@pytest.mark.slow
def test_serve_rebuilds_after_an_edit_and_stops(
    preview: tuple[subprocess.Popen[str], str, Path],
) -> None:
    process, url, project = preview
    page = fetch(url + "reading.html")
    assert "/__edition__/reload.js" in page and "plenty to say" in page
    assert "location.reload" in fetch(url + "__edition__/reload.js")
    first = status(url)
    assert first["problems"] == []
    # The published build is never touched by the preview.
    assert not (project / "_build" / "html").exists()

    source = project / "tei" / "kropotkin-1919.xml"
    original = source.read_text("utf-8")
    source.write_text(original.replace("plenty to say", "plenty-in-preview to say", 1), "utf-8")
    wait_for(lambda: status(url)["generation"] != first["generation"])
    assert "plenty-in-preview" in fetch(url + "reading.html")

    source.write_text(original.replace("</body>", "<p>no id</p></body>", 1), "utf-8")
    wait_for(lambda: bool(status(url)["problems"]))
    problems = status(url)["problems"]
    assert isinstance(problems, list)
    assert any(
        str(p).startswith("tei/kropotkin-1919.xml:") and "paragraph without xml:id" in str(p)
        for p in problems
    )
    assert "plenty-in-preview" in fetch(url + "reading.html")  # the last good build stays

    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=30) == 0
    _, errors = process.communicate()
    assert "Traceback" not in errors
    assert "paragraph without xml:id" in errors  # the terminal shows the problem, located


@pytest.mark.slow
def test_the_browser_reloads_after_an_edit_and_shows_a_problem_over_the_page(
    preview: tuple[subprocess.Popen[str], str, Path],
) -> None:
    from .test_browser import CHROMIUM, FLAGS

    playwright_api = pytest.importorskip("playwright.sync_api")
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} not found: install Debian's chromium (bash .ci/run does)")
    _, url, project = preview
    source = project / "tei" / "kropotkin-1919.xml"
    original = source.read_text("utf-8")
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        page = browser.new_page()
        page.goto(url + "reading.html")
        assert "plenty to say" in page.inner_text("#msg-p01")
        source.write_text(original.replace("plenty to say", "plenty-reloaded to say", 1), "utf-8")
        page.wait_for_function(
            "document.querySelector('#msg-p01').innerText.includes('plenty-reloaded')",
            timeout=60_000,
        )
        source.write_text(original.replace("</body>", "<p>no id</p></body>", 1), "utf-8")
        alert = page.locator("pre[role=alert]")
        alert.wait_for(timeout=60_000)
        assert "tei/kropotkin-1919.xml:" in alert.inner_text()
        assert "paragraph without xml:id" in alert.inner_text()
        browser.close()


def test_odd_requests_many_readers_and_a_link_loop_do_not_stop_the_preview(
    preview: tuple[subprocess.Popen[str], str, Path],
) -> None:
    """No folder is listed, a path no file can have is a 400, 200 readers at once are all
    answered, a reader gone mid-answer and a link loop under tei/ leave no traceback, and the
    preview still rebuilds after an edit."""

    process, url, project = preview
    address = urlsplit(url)

    def answer(path: str) -> int:
        connection = http.client.HTTPConnection(address.hostname, address.port, timeout=20)
        try:
            connection.request("GET", path)  # sent as written: '#' and '%00' included
            return connection.getresponse().status
        finally:
            connection.close()

    for folder in ("/_static/", "/_static/#", "/downloads/#x", "/_static/%23", "/_sources/"):
        assert answer(folder) == 404, folder
    assert answer("/%00") == 400
    assert answer("/" + "a" * 5000 + ".html") in {400, 404}
    with concurrent.futures.ThreadPoolExecutor(max_workers=200) as pool:
        statuses = list(pool.map(lambda _: answer("/reading.html"), range(200)))
    assert statuses == [200] * 200
    for _ in range(20):  # readers that leave before the answer
        connection = http.client.HTTPConnection(address.hostname, address.port, timeout=5)
        connection.request("GET", "/reading.html")
        connection.close()
    os.symlink(project / "tei", project / "tei" / "loop")
    os.symlink("circle", project / "tei" / "circle")
    before = status(url)["generation"]
    source = project / "tei" / "kropotkin-1919.xml"
    source.write_text(source.read_text("utf-8").replace("plenty to say", "plenty-more to say"))
    wait_for(lambda: status(url)["generation"] != before)
    assert "plenty-more to say" in fetch(url + "reading.html")
    assert process.poll() is None
    process.send_signal(signal.SIGTERM)
    process.wait(timeout=30)
    errors = process.stderr.read() if process.stderr else ""
    assert "Traceback" not in errors and "BrokenPipe" not in errors, errors


def test_a_port_out_of_range_is_one_line() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "edition", "serve", "--port", "70000"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert (
        result.stderr.strip()
        .splitlines()[-1]
        .endswith("argument --port: '70000' is not a port: give 0 to 65535 (0 picks one)")
    )
