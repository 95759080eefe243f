"""How `edition validate` prints its reports: path:line:col lines, JSON, or GitHub Actions
annotations."""

from __future__ import annotations

import json
from pathlib import Path

from edition.validation.validate import Problem, Report


def _relative(path: str) -> str:
    try:
        return str(Path(path).relative_to(Path.cwd()))
    except ValueError:
        return path


def _github_escape(value: str, *, property_value: bool = False) -> str:
    """GitHub workflow commands: %, CR and LF always; ':' and ',' in property values too."""
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property_value:
        value = value.replace(":", "%3A").replace(",", "%2C")
    return value


def _github_location(problem: Problem) -> str:
    return ",".join(
        f"{key}={_github_escape(str(value), property_value=True)}"
        for key, value in (("file", problem.path), ("line", problem.line), ("col", problem.column))
    )


def print_reports(reports: list[Report], output_format: str, quiet: bool = False) -> None:
    if output_format == "json":
        listed = [
            {
                "path": report.path,
                "valid": report.valid,
                "schematron": list(report.schematron),
                "paragraphs": report.paragraphs,
                "interventions": report.interventions,
                "warnings": [
                    {"path": w.path, "line": w.line, "column": w.column, "message": w.message}
                    for w in report.warnings
                ],
                "problems": [
                    {"path": p.path, "line": p.line, "column": p.column, "message": p.message}
                    for p in report.problems
                ],
            }
            for report in reports
        ]
        print(json.dumps(listed, ensure_ascii=False, indent=2))
        return
    for report in reports:
        for warning in report.warnings:
            if output_format == "github":
                where = _github_location(warning)
                print(f"::warning {where}::{_github_escape(warning.message)}")
            else:
                print(warning)
        for problem in report.problems:
            if output_format == "github":
                print(f"::error {_github_location(problem)}::{_github_escape(problem.message)}")
            else:
                print(problem)
        if report.valid and output_format == "text" and not quiet:
            rules = ", ".join(_relative(r) for r in report.schematron) or "none declared"
            print(
                f"{report.path}: valid: TEI P5 (tei_all) and Schematron ({rules}); "
                f"{report.paragraphs} paragraphs, {report.interventions} interventions"
            )
