"""Demo data of the example site: a police zone, youth organisations, staff and a programme a year in.

``manage.py youthcop_demo`` loads it (each module's ``load(context)``, in the
command's order). It lives with the example site, not in the plugin: it
creates staff users with a published password.
"""
