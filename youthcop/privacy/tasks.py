from django_tasks import task

from .retention import anonymise_due_participants


@task()
def anonymise_due_participants_task():
    """Daily: anonymise the participants of programmes past their retention period."""
    return anonymise_due_participants()
