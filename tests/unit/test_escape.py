"""tsp.escape.narrative_markdown: the programme's words as written, with nothing the
register adds that they do not say (a second list marker, a link to nowhere)."""

from __future__ import annotations

from tsp.escape import narrative_markdown
from tsp.reporting.markdown import parse

TICKED = """What success will look like:

- ✓ Clear evidence of improvement
- ✓ Stronger assurance

After."""


def _kinds(markdown: str) -> list[str]:
    tokens = parse(markdown)
    return [t.type for t in tokens] + [c.type for t in tokens for c in t.children or []]


def test_a_ticked_list_shows_its_ticks_and_no_bullet_before_them() -> None:
    markdown = narrative_markdown(TICKED)
    kinds = _kinds(markdown)
    assert "bullet_list_open" not in kinds and kinds.count("hardbreak") == 1
    texts = [c.content for t in parse(markdown) for c in t.children or [] if c.type == "text"]
    assert texts == ["What success will look like:", "✓ Clear evidence of improvement",
                     "✓ Stronger assurance", "After."]


def test_a_list_with_one_item_unticked_stays_a_list() -> None:
    kinds = _kinds(narrative_markdown("- ✓ one\n- two\n"))
    assert "bullet_list_open" in kinds


def test_a_link_to_hash_keeps_its_words_and_links_nowhere() -> None:
    markdown = narrative_markdown("developing a [prospectus](#), engaging with LA leaders")
    assert "link_open" not in _kinds(markdown)
    assert markdown == "developing a prospectus, engaging with LA leaders"
    assert "link_open" in _kinds(narrative_markdown("see [the offer](#offer)"))
