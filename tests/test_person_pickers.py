"""Staff pickers name people by their full name, not their username."""

from django.contrib.auth import get_user_model
from django.forms import ModelChoiceField
from django.urls import reverse

from tests.factories import ProgrammeFactory, UserFactory
from tests.sessions.factories import SessionFactory
from youthcop.core import roles
from youthcop.core.widgets import PersonSelect


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
