"""Public Wagtail pages of youthcop: the programme index and one page per programme.

They show what a programme is, never who takes part. The mixins in
``mixins.py`` serve them (and a site's own pages, such as the example site's
home page) with one query per request once warm; what they cache is keyed on
``youthcop.core.cache`` versions that ``signal_handlers.py`` bumps.
"""
