"""Text for places that do not read Markdown: a terminal, a CSV cell.

Records may hold a little Markdown (a summary that bolds the authorities it names, as the
source document did); where it is not rendered, the markup would show as `**`.
"""

from __future__ import annotations

import re

_EMPHASIS = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1|`([^`\n]+)`")


def plain(text: str) -> str:
    """'**Brighton & Hove**' -> 'Brighton & Hove'; text without markup is unchanged."""
    return _EMPHASIS.sub(lambda m: m.group(2) if m.group(2) is not None else m.group(3), text)
