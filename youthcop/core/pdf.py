"""PDF rendering with WeasyPrint: one font configuration, no outside access.

Every youthcop PDF goes through ``render_pdf``. Templates embed their images
as ``data:`` URIs (see ``data_uri``); the fetcher refuses every other scheme,
so neither ``file://`` nor any host can be read while rendering, whatever
text ends up in the document.

WeasyPrint is imported on the first render, not with this module: loading its
native libraries costs most of a second, which no web worker or management
command should pay unless it makes a PDF.
"""

import base64
from functools import lru_cache

from django.template.loader import render_to_string


def safe_url_fetcher():
    """A WeasyPrint URL fetcher that fetches ``data:`` URIs only (a new one per render: it holds handlers)."""
    from weasyprint.urls import URLFetcher

    return URLFetcher(allowed_protocols={"data"}, allow_redirects=False)


@lru_cache(maxsize=1)
def font_config():
    # Built once per process: fontconfig scanning is the slow part of a render.
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


def data_uri(content, mime_type):
    return f"data:{mime_type};base64,{base64.b64encode(content).decode()}"


def render_pdf(html):
    """Render an HTML string to PDF bytes."""
    from weasyprint import HTML

    document = HTML(string=html, base_url="about:blank", url_fetcher=safe_url_fetcher())
    return document.write_pdf(font_config=font_config())


def render_template_to_pdf(template_name, context, request=None):
    return render_pdf(render_to_string(template_name, context, request=request))
