"""Background work of certificates. Arguments are primary keys.

Callers enqueue them on commit (``youthcop.core.tasks.enqueue_on_commit``): the
signal handlers, admin views and commands. The services they call never import
them, so the imports go one way.
"""

from django_tasks import task

from . import services


@task()
def issue_certificates(batch_id):
    """Issue the certificates of one ``IssueBatch``, saving its progress as it goes."""
    batch = services.run_issue_batch(batch_id)
    return {"issued": batch.issued, "skipped": batch.skipped, "failed": batch.failed, "emailed": batch.emailed}


@task()
def build_certificates_zip(archive_id):
    """Build the ZIP of one ``CertificateArchive``, saving its progress as it goes."""
    archive = services.run_archive(archive_id)
    return {"zipped": archive.zipped if archive else 0}
