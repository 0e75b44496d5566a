"""The scoping toolkit (``youthcop.core.scoping``) on its own.

Each view here is one of Wagtail's generic classes with the toolkit and
nothing else, so these tests fail when the toolkit stops scoping, whatever the
apps' viewsets add. The world: programmes P and Q, a session in each; the
facilitator of P; a youth worker of P; a user who is a youth worker on P and
facilitator of Q.
"""

import pytest
from django.http import Http404
from django.test import RequestFactory
from wagtail.admin.views import generic
from wagtail.admin.views.generic import chooser as chooser_views

from tests.factories import ProgrammeFactory, add_staff, programme_staff
from tests.sessions.factories import SessionFactory
from youthcop.core.scoping import scoped, scoped_object_or_404, visible_to
from youthcop.programmes.models import ProgrammeStaff
from youthcop.sessions.models import Session

Role = ProgrammeStaff.Role
pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    p, q = ProgrammeFactory(name="Programme P"), ProgrammeFactory(name="Programme Q")
    two_roles = programme_staff(q, Role.FACILITATOR)
    add_staff(p, two_roles, Role.YOUTH_WORKER)
    return {
        "facilitator": programme_staff(p, Role.FACILITATOR),
        "youth_worker": programme_staff(p, Role.YOUTH_WORKER),
        "two_roles": two_roles,
        "P": SessionFactory(programme=p, title="Session of P"),
        "Q": SessionFactory(programme=q, title="Session of Q"),
    }


def request_by(user, query=""):
    request = RequestFactory().get("/admin/" + query)
    request.user = user
    return request


def unscoped(view_class):
    """Wagtail's ``view_class`` for sessions, without the toolkit."""
    return type(view_class.__name__, (view_class,), {"model": Session})


def set_up(view_class, user, query="", **kwargs):
    """``view_class`` as Wagtail's URL conf would set it up for ``user``: where the toolkit refuses."""
    view = view_class()
    view.setup(request_by(user, query), **kwargs)
    return view


# --- scoped_object_or_404 -------------------------------------------------------------------------------------


def test_the_lookup_returns_an_object_in_scope_and_404_outside(world):
    request = request_by(world["facilitator"])
    assert scoped_object_or_404(request, Session, world["P"].pk, "change") == world["P"]
    for pk in (world["Q"].pk, 999999, "not-a-number"):
        with pytest.raises(Http404):
            scoped_object_or_404(request, Session, pk, "change")


def test_the_lookup_applies_the_action_asked_for(world):
    request = request_by(world["youth_worker"])  # views P's sessions, does not run them
    assert scoped_object_or_404(request, Session.objects.select_related("programme"), world["P"].pk, "view") == world["P"]
    with pytest.raises(Http404):
        scoped_object_or_404(request, Session, world["P"].pk, "change")
    # Several actions: any of them will do.
    assert scoped_object_or_404(request, Session, world["P"].pk, ["change", "view"]) == world["P"]


def test_without_an_action_the_queryset_is_the_scope(world):
    request = request_by(world["facilitator"])
    theirs = Session.objects.filter(programme=world["Q"].programme)
    assert scoped_object_or_404(request, theirs, world["Q"].pk, action=None) == world["Q"]
    with pytest.raises(Http404):
        scoped_object_or_404(request, theirs, world["P"].pk, action=None)


def test_visible_to_narrows_a_queryset(world):
    everything = Session.objects.all()
    assert list(visible_to(world["facilitator"], everything)) == [world["P"]]
    assert set(visible_to(world["two_roles"], everything, "view")) == {world["P"], world["Q"]}
    assert list(visible_to(world["two_roles"], everything, "change")) == [world["Q"]]


# --- ScopedViewMixin on object views ------------------------------------------------------------------------


@pytest.mark.parametrize("wagtail_view", [generic.InspectView, generic.DeleteView])
def test_an_object_view_answers_404_for_another_programmes_object(world, wagtail_view):
    view_class = scoped(wagtail_view, model=Session)
    assert set_up(view_class, world["facilitator"], pk=world["P"].pk).object == world["P"]
    with pytest.raises(Http404):
        set_up(view_class, world["facilitator"], pk=world["Q"].pk)
    with pytest.raises(Http404):
        set_up(view_class, world["facilitator"], pk="not-a-number")
    # Wagtail's view alone would have reached it: the refusal is the toolkit's.
    assert set_up(unscoped(wagtail_view), world["facilitator"], pk=world["Q"].pk).object == world["Q"]


def test_an_object_view_checks_its_own_action_on_the_object(world):
    """Youth worker on P and facilitator of Q: they may delete sessions, but only Q's."""
    delete_view = scoped(generic.DeleteView, model=Session)
    inspect_view = scoped(generic.InspectView, model=Session)
    user = world["two_roles"]
    assert set_up(inspect_view, user, pk=world["P"].pk).object == world["P"]
    assert set_up(delete_view, user, pk=world["Q"].pk).object == world["Q"]
    with pytest.raises(Http404):
        set_up(delete_view, user, pk=world["P"].pk)


def test_an_index_lists_only_the_users_objects(world):
    index = set_up(scoped(generic.IndexView, model=Session), world["facilitator"])
    assert list(index.get_base_queryset()) == [world["P"]]


# --- ScopedViewMixin on chooser views -----------------------------------------------------------------------------


def test_a_chooser_lists_and_returns_only_visible_objects(world):
    user = world["facilitator"]
    choose = set_up(scoped(chooser_views.ChooseView, model=Session), user)
    assert list(choose.get_object_list()) == [world["P"]]
    assert set(set_up(unscoped(chooser_views.ChooseView), user).get_object_list()) == {world["P"], world["Q"]}

    several = set_up(scoped(chooser_views.ChosenMultipleView, model=Session), user)
    assert list(several.get_objects([world["P"].pk, world["Q"].pk])) == [world["P"]]

    chosen = scoped(chooser_views.ChosenView, model=Session)
    set_up(chosen, user, pk=world["P"].pk)
    with pytest.raises(Http404):
        set_up(chosen, user, pk=world["Q"].pk)


def test_a_chooser_returns_only_what_it_would_list(world):
    """The youth worker may view P's sessions: the chooser offers them although they may not change them."""
    user = world["youth_worker"]
    assert list(set_up(scoped(chooser_views.ChooseView, model=Session), user).get_object_list()) == [world["P"]]
    set_up(scoped(chooser_views.ChosenView, model=Session), user, pk=world["P"].pk)
