"""Anonymous reports for funders and evaluators.

Figures only — never a name: participants by side, charter signatures and
certificates per programme; the group month by month; attendance per
session. ``figures`` computes them, ``views`` shows and exports them as
Wagtail ``ReportView``s, each refused in ``dispatch`` to whoever runs no programme.

The umbrella app may read every sub-app, so the reports live here.
"""
