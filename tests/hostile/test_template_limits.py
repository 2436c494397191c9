"""Templates cannot exhaust CI: sizes, output, time and memory are bounded; Word never crashes."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from tests.hostile.conftest import Run, write_template
from tsp.reporting import limits


def _refused(run: Run, root: Path, *args: str, env: dict[str, str] | None = None,
             line: int = 5) -> str:
    started = time.monotonic()
    result = run("report", "t", *args, repo=root, env=env, timeout=60)
    assert time.monotonic() - started < 8, "a limit must stop the render within seconds"
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    assert result.stderr.startswith(f"error: templates/t.md.j2:{line}: "), result.stderr
    return result.stderr


@pytest.mark.parametrize(("expression", "says"), [
    ('"x"|center(2000000000)', "center would build 2,000,000,000 items"),
    ('("ab" * 400000)|replace("", "xyz")', "replace would build"),
    ('"%2000000000s"|format(1)', "format would build"),
    ('"%2000000000d" % 1', "'%' would build"),
    ('"%*d" % (2000000000, 1)', "'%' would build"),
    ('("ab " * 300000)|wordwrap(1, wrapstring="-----")', "wordwrap would build"),
    ('range(100000)|join("x" * 100)', "join would build"),
    ('"x"|indent(2000000000)', "indent would build"),
    ('"x".center(2000000000)', "'center' would build"),
    ('"x".ljust(2000000000)', "'ljust' would build"),
    ('"{:>2000000000}".format(1)', "format would build"),
    ('"{:>{w}}".format(1, w=2000000000)', "format would build"),
    ('"-".join(["x" * 900000, "y" * 900000])', "'join' would build"),
    ('lipsum(10000000)', "lipsum would build"),
])
def test_filters_operators_and_methods_cannot_build_huge_strings(
        register: Path, run: Run, expression: str, says: str) -> None:
    write_template(register, "{{ " + expression + " }}\n")
    stderr = _refused(run, register)
    assert says in stderr


def test_doubling_a_string_in_a_namespace_is_stopped(register: Path, run: Run) -> None:
    write_template(register, '{% set ns = namespace(s="ab") %}\n'
                   "{% for i in range(64) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}\n")
    assert "namespace attribute 's' would build" in _refused(run, register, line=6)


def test_a_loop_that_runs_for_ever_stops_at_the_time_limit(register: Path, run: Run) -> None:
    write_template(register, "{% for i in range(100000) %}{% for j in range(100000) %}"
                   "{% endfor %}{% endfor %}\n")
    stderr = _refused(run, register, env={limits.ENV_SECONDS: "1"})
    assert "the report took more than 1 seconds to render" in stderr


def test_the_time_limit_is_a_few_seconds_by_default() -> None:
    assert limits.RENDER_SECONDS <= 5


def test_the_whole_output_is_bounded(register: Path, run: Run) -> None:
    write_template(register, '{% for i in range(100000) %}{{ "x" * 900000 }}{% endfor %}\n')
    assert "the report passes 33,554,432 characters" in _refused(run, register)


def test_output_captured_in_a_block_is_bounded_too(register: Path, run: Run) -> None:
    write_template(register, '{% set a %}{% for i in range(100000) %}{{ "x" * 900000 }}'
                   "{% endfor %}{% endset %}{{ a|length }}\n")
    assert "the report passes 33,554,432 characters" in _refused(run, register)


@pytest.mark.parametrize("fmt", ["md", "docx"])
def test_a_control_character_printed_by_a_template_is_an_error_not_a_crash(
        register: Path, run: Run, tmp_path: Path, fmt: str) -> None:
    write_template(register, 'Text {{ "a\\x02b" }} and {{ "%c"|format(1) }}\n')
    args = ("-o", str(tmp_path / "t.docx")) if fmt == "docx" else ()
    stderr = _refused(run, register, *args)
    assert "prints the character U+0002, which a report cannot show" in stderr
    assert not (tmp_path / "t.docx").exists()


def test_a_control_character_in_a_template_is_refused_with_its_line(register: Path,
                                                                    run: Run) -> None:
    write_template(register, "Fine\nBell \x07 here\n")
    assert "holds the character U+0007" in _refused(run, register, line=6)


def test_report_check_reports_a_control_character_without_a_traceback(register: Path,
                                                                      run: Run) -> None:
    write_template(register, 'Text {{ "\\x01" }}\n')
    result = run("report", "--check", repo=register)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "templates/t.md.j2:5: the template prints the character U+0001" in result.stderr


def test_word_output_survives_a_control_character_that_reaches_it() -> None:
    import datetime as dt
    import io

    from docx import Document

    from tsp.reporting.word import to_docx

    content = to_docx("# Title\x0b\n\nBody \x01 text\n", dt.datetime(2026, 3, 31))
    assert [p.text for p in Document(io.BytesIO(content)).paragraphs][:2] == [
        "Title\ufffd", "Body \ufffd text"]


def test_ordinary_reports_are_untouched_by_the_limits(register: Path, run: Run) -> None:
    write_template(register, '{{ "x"|center(20) }}|{{ "a-b"|replace("-", " ") }}|'
                   '{{ "%5.1f"|format(3.14159) }}|{{ [1, 2]|join(", ") }}|{{ "ab" * 3 }}\n')
    result = run("report", "t", repo=register)
    assert result.returncode == 0, result.stderr
    # (3.1 cannot start an ordered list, "3. " could: it is printed as it is)
    assert result.stdout.startswith("         x          |a b|  3.1|1, 2|ababab\n")


@pytest.mark.parametrize(("fmt", "body", "says"), [
    ("pdf", "| a |\n|---|\n{% for i in range(2001) %}| {{ i }} |\n{% endfor %}",
     "the report has 2,002 table rows; a PDF report holds at most 2,000"),
    ("pdf", '{% for i in range(3) %}{{ "word " * 100000 }}\n\n{% endfor %}',
     "a PDF report holds at most 250,000"),
    ("docx", "| a |\n|---|\n{% for i in range(10001) %}| {{ i }} |\n{% endfor %}",
     "the report has 10,002 table rows; a Word report holds at most 10,000"),
    ("docx", '{% for i in range(9) %}{{ "word " * 100000 }}\n\n{% endfor %}',
     "a Word report holds at most 4,000,000"),
])
def test_what_weasyprint_and_python_docx_are_handed_is_bounded(
        register: Path, run: Run, tmp_path: Path, fmt: str, body: str, says: str) -> None:
    """A template within every render limit printed 40,000 table rows, which took WeasyPrint
    174 s and 2.1 GB (Word, 200,000 rows: 79 s and 2.3 GB): refused before the layout starts."""
    write_template(register, body + "\n")
    target = tmp_path / f"t.{fmt}"
    started = time.monotonic()
    result = run("report", "t", "-o", str(target), repo=register, timeout=60)
    assert time.monotonic() - started < 20
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert says in result.stderr
    assert "write the report as .html or .md" in result.stderr
    assert not target.exists()


def test_a_report_just_within_the_bounds_is_written(register: Path, run: Run,
                                                    tmp_path: Path) -> None:
    write_template(register, "| a |\n|---|\n{% for i in range(1990) %}| {{ i }} |\n"
                   "{% endfor %}\n")
    result = run("report", "t", "-o", str(tmp_path / "t.docx"), repo=register)
    assert result.returncode == 0, result.stderr
