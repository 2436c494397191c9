"""Reports: Jinja templates from the repository's templates/, rendered in a sandbox from a
computed view model, as Markdown, a self-contained HTML page, a PDF or a Word document; and
the static site built from the same views.

    the view models (frozen dataclasses; templates never see a record):
        views.py      the year's, built by context.py, and an authority's, by
                      authority_view.py (labels.py words dates, years, statuses, kinds)
        plan_context.py   progress against the plan, and each package's published evidence
        period.py     what changed in a window (tsp report update)
        data_view.py  the data challenge's measures (tsp.measures.words for their rules)
    templates/*.md.j2 (found by catalogue.py) + a view
        --templates.py (sandbox; limits.py bounds it)--> Markdown
        blocks.py     chart(), table(), contents(): placeholders the writers swap;
                      charts.py draws the bar charts, data_charts.py + svg.py the data's
    Markdown --markdown.py (tokens)--> html.py | word.py + word_layout.py (.docx)
                                       | html.py + pdf.py
    render.py joins them; output.py writes files atomically; provenance.py makes the footer;
    tsp.escape keeps data from becoming structure.
    site.py (+ site_assets/, search.py): tsp site, pages from the same views and reports.

Importing this package imports nothing. Other commands use only its light modules (output.py
to write a file, catalogue.py to complete a report's name); tsp.escape and tsp.xlsx, which
they share with reports, sit below it. The CLI imports the report and site commands' modules
(and with them Jinja and markdown-it) only when those commands run. WeasyPrint, python-docx,
XlsxWriter and cairosvg load inside the function that writes their format.
"""
