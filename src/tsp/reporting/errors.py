"""The errors of report rendering: all expected, all shown without a traceback."""

from __future__ import annotations

from tsp.errors import ExitCode, TspError, UsageError


class TemplateError(TspError):
    """A template cannot be rendered; the message names its file and line."""

    # Templates arrive by pull request like data does: a broken one is a data problem (exit 1),
    # not a misuse of the command.
    exit_code = ExitCode.DATA


class TemplateSandboxError(TemplateError):
    """A template tried to reach outside the report's fields."""

    hint = ("Templates run in a sandbox: they may use the report's fields, loops, conditions "
            "and filters, never Python internals (names starting with '_').")


class TemplateFieldError(TemplateError):
    """A template names a field the report does not have."""

    hint = "templates/README.md lists every field a report can use; check the spelling."


class ReportUsageError(UsageError):
    """The report was asked for in a way it cannot be given (exit 2)."""
