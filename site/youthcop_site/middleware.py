from django.middleware.locale import LocaleMiddleware


class SiteLocaleMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware, without its redirect of 404s outside the language-prefixed pages.

    The admin and youthcop's personal links have no language prefix: a 404
    there (an unknown object, a bad link) must stay a 404, not turn into a
    redirect to /en/….
    """

    UNPREFIXED = ("/admin/", "/youthcop/", "/documents/")

    def process_response(self, request, response):
        if response.status_code == 404 and request.path_info.startswith(self.UNPREFIXED):
            return response
        return super().process_response(request, response)
