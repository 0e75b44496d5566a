"""PDF rendering with WeasyPrint: one font configuration, no outside access.

Every youthcop PDF goes through ``render_pdf``. Templates embed their images
as ``data:`` URIs (see ``data_uri``); the fetcher refuses every other scheme,
so neither ``file://`` nor any host can be read while rendering, whatever
text ends up in the document.
"""

import base64
from functools import lru_cache

from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher


class SafeURLFetcher(URLFetcher):
    """Fetches ``data:`` URIs only."""

    def __init__(self):
        super().__init__(allowed_protocols={"data"}, allow_redirects=False)


@lru_cache(maxsize=1)
def font_config():
    # Built once per process: fontconfig scanning is the slow part of a render.
    return FontConfiguration()


def data_uri(content, mime_type):
    return f"data:{mime_type};base64,{base64.b64encode(content).decode()}"


def render_pdf(html):
    """Render an HTML string to PDF bytes."""
    document = HTML(string=html, base_url="about:blank", url_fetcher=SafeURLFetcher())
    return document.write_pdf(font_config=font_config())


def render_template_to_pdf(template_name, context, request=None):
    return render_pdf(render_to_string(template_name, context, request=request))
