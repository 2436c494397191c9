"""Templates are untrusted input: sandboxed, strict, and every failure names file and line."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.helpers import CliRun, load, write_template

from tsp.reporting.errors import TemplateError, TemplateFieldError, TemplateSandboxError
from tsp.reporting.output import ReportFormat
from tsp.reporting.provenance import generation_time
from tsp.reporting.render import render_report
from tsp.reporting.catalogue import list_templates
from tsp.reporting.templates import and_join, md_cell, plain, plural

HEAD = "{#\ndescription: a test report\nyear: 2025-26\n#}\n"  # lines 1-4


def _fails(tsp: CliRun, root: Path, name: str, *args: str) -> str:
    result = tsp("report", name, *args, repo=root)
    assert result.exit_code == 1, result.output
    assert result.stdout == ""
    assert "Traceback" not in result.output
    return result.stderr


@pytest.mark.parametrize("expression", [
    "''.__class__.__mro__[1].__subclasses__()",
    "cycler.__init__.__globals__.os",
    "year.__class__.__init__.__globals__",
    "lipsum.__globals__['os'].system('touch pwned')",
])
def test_sandbox_escapes_fail_with_file_and_line(expression: str, tsp: CliRun,
                                                  scratch: Path) -> None:
    write_template(scratch, "evil.md.j2", HEAD + "Intro\n\n{{ " + expression + " }}\n")
    stderr = _fails(tsp, scratch, "evil")
    assert stderr.startswith("error: templates/evil.md.j2:7: not allowed in the sandbox: ")
    assert "is unsafe" in stderr
    assert "Templates run in a sandbox" in stderr
    assert not (scratch / "pwned").exists()


@pytest.mark.parametrize(("expression", "says"), [
    ("'a' * 10**10", "'*' would build 10,000,000,000 items"),
    ("'a' * 10000000", "'*' would build 10,000,000 items"),
    ("[0] * 2000000", "'*' would build 2,000,000 items"),
    ("9 ** 99999999", "'**' would build a number of about"),
])
def test_a_template_cannot_exhaust_the_machine_that_renders_it(
        expression: str, says: str, tsp: CliRun, scratch: Path) -> None:
    import time

    write_template(scratch, "hog.md.j2", HEAD + "Intro\n\n{{ " + expression + " }}\n")
    started = time.perf_counter()
    stderr = _fails(tsp, scratch, "hog")
    assert time.perf_counter() - started < 5  # refused up front, not after the work
    assert stderr.startswith("error: templates/hog.md.j2:7: not allowed in the sandbox: ")
    assert says in stderr


def test_ordinary_arithmetic_still_works(scratch: Path) -> None:
    write_template(scratch, "sums.md.j2", HEAD + "{{ 2 ** 10 }} {{ '-' * 3 }} {{ 6 * 7 }}\n")
    report = render_report(load(scratch), "sums", None, ReportFormat.MD, generation_time())
    # A printed value that could start a rule is escaped (tsp.escape); it still
    # renders as ---.
    assert report.markdown.startswith("1024 \\--- 42\n")


def test_the_data_cannot_be_changed_from_a_template(scratch: Path) -> None:
    # The view model is tuples and frozen dataclasses, and the sandbox is the immutable one:
    # a template cannot even change a list it made itself.
    write_template(scratch, "mutate.md.j2", HEAD + "{{ year.design_principles.append('x') }}\n")
    with pytest.raises(TemplateFieldError, match=r"^templates/mutate.md.j2:5: undefined: "
                       "'tuple object' has no attribute 'append'"):
        render_report(load(scratch), "mutate", None, ReportFormat.MD, generation_time())
    write_template(scratch, "mutate.md.j2", HEAD + "{% set l = [] %}\n{{ l.append(1) }}\n")
    with pytest.raises(TemplateSandboxError, match=r"^templates/mutate.md.j2:6: not allowed"):
        render_report(load(scratch), "mutate", None, ReportFormat.MD, generation_time())


def test_a_misspelt_field_names_the_template_file_and_line(tsp: CliRun, scratch: Path) -> None:
    write_template(scratch, "typo.md.j2", HEAD + "# {{ year.label }}\n\n{{ year.figures.pakages }}\n")
    stderr = _fails(tsp, scratch, "typo")
    assert stderr == (
        "error: templates/typo.md.j2:7: undefined: 'Figures' has no attribute 'pakages'\n"
        "templates/README.md lists every field a report can use; check the spelling.\n"
    )


def test_a_misspelt_field_inside_a_partial_names_the_partial(tsp: CliRun, scratch: Path) -> None:
    write_template(scratch, "partials/broken.md.j2", "ok\n{{ year.titel }}\n")
    write_template(scratch, "uses.md.j2", HEAD + '{% include "partials/broken.md.j2" %}\n')
    stderr = _fails(tsp, scratch, "uses")
    assert stderr.startswith(
        "error: templates/partials/broken.md.j2:2: undefined: 'YearView' has no attribute 'titel'")


def test_a_syntax_error_names_the_file_and_line(tsp: CliRun, scratch: Path) -> None:
    write_template(scratch, "syntax.md.j2", HEAD + "fine\n{% for x in year.approach %}\n{{ x }\n")
    stderr = _fails(tsp, scratch, "syntax")
    assert stderr.startswith("error: templates/syntax.md.j2:7: syntax error: ")


def test_a_syntax_error_in_the_footer_partial_is_reported(tsp: CliRun, scratch: Path) -> None:
    write_template(scratch, "partials/footer.md.j2", "---\n\n{% if footer.git %}\n")
    stderr = _fails(tsp, scratch, "year1")
    assert stderr.startswith("error: templates/partials/footer.md.j2:3: syntax error: ")


def test_a_missing_partial_names_the_line_that_includes_it(tsp: CliRun, scratch: Path) -> None:
    write_template(scratch, "inc.md.j2", HEAD + '{% include "partials/nope.md.j2" %}\n')
    stderr = _fails(tsp, scratch, "inc")
    assert stderr.startswith(
        "error: templates/inc.md.j2:5: template 'partials/nope.md.j2' not found in templates/")


def test_a_missing_footer_is_an_error(tsp: CliRun, scratch: Path) -> None:
    (scratch / "templates" / "partials" / "footer.md.j2").unlink()
    stderr = _fails(tsp, scratch, "year1")
    assert stderr.startswith("error: templates/partials/footer.md.j2: not found")


def test_a_runtime_error_in_a_template_names_its_line(tsp: CliRun, scratch: Path) -> None:
    write_template(scratch, "div.md.j2", HEAD + "{{ 1 / 0 }}\n")
    stderr = _fails(tsp, scratch, "div")
    assert stderr.startswith("error: templates/div.md.j2:5: ZeroDivisionError: ")


def test_an_unknown_chart_names_its_line(tsp: CliRun, scratch: Path) -> None:
    write_template(scratch, "chart.md.j2", HEAD + "\n{{ chart('pie') }}\n")
    stderr = _fails(tsp, scratch, "chart", "--format", "html")
    assert stderr.startswith("error: templates/chart.md.j2:6: no chart 'pie'; charts: ")


def test_a_chart_needs_a_year(tsp: CliRun, scratch: Path) -> None:
    write_template(scratch, "nochart.md.j2", "{{ chart('packages-by-status') }}\n")
    stderr = _fails(tsp, scratch, "nochart")
    assert stderr.startswith("error: templates/nochart.md.j2:1: chart 'packages-by-status' "
                             "needs a year")


def test_an_unknown_year_names_the_front_matter_line(tsp: CliRun, scratch: Path) -> None:
    write_template(scratch, "future.md.j2", "{#-\ndescription: x\nyear: 2031-32\n-#}\nx\n")
    stderr = _fails(tsp, scratch, "future")
    assert stderr.startswith("error: templates/future.md.j2:3: No programme year '2031-32'")


def test_an_unknown_front_matter_key_is_an_error(tsp: CliRun, scratch: Path) -> None:
    write_template(scratch, "odd.md.j2", "{#\ndescription: x\nyaer: 2025-26\n#}\nx\n")
    result = tsp("report", "--list", repo=scratch)
    assert result.exit_code == 1
    assert result.stderr.startswith("error: templates/odd.md.j2:3: the opening comment holds "
                                    "'key: value' lines; 'yaer: 2025-26' is not one of")


def test_an_unknown_argument_kind_is_an_error(scratch: Path) -> None:
    write_template(scratch, "arg.md.j2", "{#\nargument: package\n#}\nx\n")
    with pytest.raises(TemplateError, match=r"^templates/arg.md.j2:2: argument 'package'"):
        list_templates(scratch)


def test_adding_a_template_adds_a_report(tsp: CliRun, scratch: Path) -> None:
    write_template(scratch, "coverage.md.j2", "{#-\ndescription: Coverage only\nyear: Year 1\n"
                   "-#}\n# Coverage\n\n{{ year.coverage.engaged|length }} of "
                   "{{ year.coverage.total }}\n")
    listed = tsp("report", "--list", repo=scratch)
    assert "coverage      Coverage only\n" in listed.stdout
    result = tsp("report", "coverage", repo=scratch)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("# Coverage\n\n14 of 19\n\n---\n\n*Data as recorded in the register on ")


def test_a_template_without_front_matter_is_listed_without_description(scratch: Path) -> None:
    write_template(scratch, "bare.md.j2", "# Bare\n")
    bare = next(t for t in list_templates(scratch) if t.name == "bare")
    assert (bare.description, bare.year, bare.argument) == ("", None, None)


def test_report_fields_are_read_only_values(scratch: Path) -> None:
    """Templates see our frozen view model, never a Pydantic record with methods to call."""
    write_template(scratch, "peek.md.j2", HEAD + "{{ year.packages.all[0].model_dump() }}\n")
    with pytest.raises(TemplateFieldError, match="has no attribute 'model_dump'"):
        render_report(load(scratch), "peek", None, ReportFormat.MD, generation_time())


def test_filters() -> None:
    assert and_join([]) == ""
    assert and_join(["A"]) == "A"
    assert and_join(["A", "B"]) == "A and B"
    assert and_join(["A", "B", "C"], "or") == "A, B or C"
    assert plural(1, "package") == "1 package"
    assert plural(0, "package") == "0 packages"
    assert plural(2, "authority", "authorities") == "2 authorities"
    assert md_cell("a | b\nc") == "a \\| b c"
    assert plain("[p](#) **b**") == "\\[p\\](\\#) \\*\\*b\\*\\*"


def test_the_real_templates_are_listed(frozen_root: Path) -> None:
    templates = {t.name: t for t in list_templates(frozen_root)}
    assert set(templates) >= {"year1", "year2", "la"}
    assert templates["year1"].year == "2025-26"
    assert templates["year2"].year == "2026-27"
    assert templates["la"].argument == "authority"
    assert all(t.description for t in templates.values())


def test_a_symlink_out_of_templates_is_refused(tsp: CliRun, scratch: Path) -> None:
    secret = scratch / "secret.txt"
    secret.write_text("TOKEN=hunter2\n", encoding="utf-8")
    (scratch / "templates" / "leak.md.j2").symlink_to(secret)
    stderr = _fails(tsp, scratch, "leak")
    assert stderr.startswith("error: templates/leak.md.j2:1: this is a symbolic link to "
                             "secret.txt, outside templates/; tsp does not follow it")
    (scratch / "templates" / "leak.md.j2").unlink()
    (scratch / "templates" / "partials" / "leak.md.j2").symlink_to(secret)
    write_template(scratch, "inc.md.j2", HEAD + '{% include "partials/leak.md.j2" %}\n')
    stderr = _fails(tsp, scratch, "inc")
    assert stderr.startswith("error: templates/inc.md.j2:5: not allowed in the sandbox: ")
    assert "hunter2" not in stderr
