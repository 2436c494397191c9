"""Reports: Jinja templates from the repository's templates/, rendered in a sandbox from a
computed view model, as Markdown, a self-contained HTML page or a Word document.

    templates/*.md.j2 + views.py (view model, built by context.py)
        --templates.py (sandbox)--> Markdown
    Markdown --markdown.py (tokens)--> html.py (+ charts.py SVG) | word.py (.docx)
    render.py joins them; output.py writes files atomically; provenance.py makes the footer.

This package's __init__ imports nothing on purpose: `tsp list` imports the report command's
module to register it, and must not pay for Jinja, markdown-it or python-docx (or even for
the view model); each loads only when a report is rendered.
"""
