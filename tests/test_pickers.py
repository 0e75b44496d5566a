"""Pickers: staff by their full name, not their username; dates and times as the browser's pickers need them."""

import datetime

from django.contrib.auth import get_user_model
from django.forms import ModelChoiceField
from django.urls import reverse
from django.utils import translation

from tests.factories import ProgrammeFactory, UserFactory
from tests.sessions.factories import SessionFactory
from youthcop.core import roles
from youthcop.core.widgets import NativeDateInput, NativeTimeInput, PersonSelect


def test_the_programme_staff_picker_lists_full_names(admin_client, db):
    UserFactory(username="facilitator77", first_name="Inès", last_name="Dubois")
    programme = ProgrammeFactory()

    page = admin_client.get(reverse("youthcop_admin_programmes:edit", args=[programme.pk])).content.decode()

    assert ">Inès Dubois</option>" in page
    assert ">facilitator77</option>" not in page


def test_a_user_without_a_name_keeps_their_username(db):
    UserFactory(username="nameless", first_name="", last_name="")
    field = ModelChoiceField(get_user_model().objects.all(), widget=PersonSelect)

    assert ">nameless</option>" in field.widget.render("user", None)


def test_the_session_facilitators_are_ticked_by_their_full_names(admin_client, db):
    UserFactory(username="facilitator78", first_name="Tom", last_name="Jacobs", group=roles.FACILITATOR)
    session = SessionFactory()

    page = admin_client.get(reverse("youthcop_admin_sessions:edit", args=[session.pk])).content.decode()

    assert "Tom Jacobs" in page
    assert "facilitator78" not in page


def test_date_and_time_pickers_hold_iso_values_in_every_language(db):
    """A browser's date input shows nothing for "09/12/2026": the value must be 2026-12-09 in French too."""
    with translation.override("fr"):
        date_html = NativeDateInput().render("day", datetime.date(2026, 12, 9))
        time_html = NativeTimeInput().render("at", datetime.time(18, 0))

    assert 'type="date"' in date_html and 'value="2026-12-09"' in date_html
    assert 'type="time"' in time_html and 'value="18:00"' in time_html
