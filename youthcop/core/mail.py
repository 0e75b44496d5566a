"""Emails in the recipient's language, from templates."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation

from .conf import youthcop_settings


def send_templated_email(template_prefix, *, to, language, context, attachments=()):
    """Send ``<template_prefix>_subject.txt`` / ``_body.txt`` rendered in ``language``.

    ``attachments`` are ``(filename, content, mime_type)`` triples.
    """
    if not to:
        return False
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = " ".join(render_to_string(f"{template_prefix}_subject.txt", context).split())
        body = render_to_string(f"{template_prefix}_body.txt", context)
    message = EmailMessage(
        subject,
        body,
        from_email=youthcop_settings.FROM_EMAIL or settings.DEFAULT_FROM_EMAIL,
        to=[to] if isinstance(to, str) else list(to),
    )
    for attachment in attachments:
        message.attach(*attachment)
    message.send()
    return True
