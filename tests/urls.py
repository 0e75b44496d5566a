"""The site's URL names, for tests that must name every youthcop admin view."""

from django.urls import get_resolver


def url_names():
    """Every named URL pattern as ``namespace:name`` (patterns outside a namespace are left out)."""

    def names(patterns, namespace=""):
        for pattern in patterns:
            if hasattr(pattern, "url_patterns"):
                inner = f"{namespace}:{pattern.namespace}" if namespace and pattern.namespace else pattern.namespace
                yield from names(pattern.url_patterns, inner or namespace)
            elif pattern.name and namespace:
                yield f"{namespace}:{pattern.name}"

    return set(names(get_resolver().url_patterns))
