"""Background work: django-tasks tasks are enqueued once the data they read is committed.

Each app's ``tasks.py`` holds its tasks; they call the app's services and
nothing imports them but the app's signal handlers and admin views, so the
imports never go round in a circle (as ``wagtail/images/tasks.py``).
"""

from functools import partial

from django.db import transaction


def enqueue_on_commit(task, *args, **kwargs):
    """Enqueue ``task`` (arguments are primary keys) when the current transaction commits.

    A worker may run the task at once: it must find the rows the transaction
    wrote, and a rolled-back transaction must send no email.
    """
    transaction.on_commit(partial(task.enqueue, *args, **kwargs))
