from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from youthcop.programmes.models import Participant, Programme, Side


@pytest.mark.django_db
def test_demo_command_loads_a_running_programme_and_is_idempotent():
    out = StringIO()
    call_command("youthcop_demo", stdout=out)
    counts = _counts()
    call_command("youthcop_demo", stdout=StringIO())

    assert _counts() == counts
    programme = Programme.objects.get(name="Second Wave Brussels-North")
    enrolled = programme.participants.filter(status=Participant.Status.ENROLLED)
    waiting = programme.participants.filter(status=Participant.Status.WAITING)
    assert (programme.target_size, programme.youth_per_officer) == (27, 2)
    assert enrolled.filter(side=Side.YOUTH).count() == 18
    assert enrolled.filter(side=Side.POLICE).count() == 9
    assert waiting.filter(side=Side.YOUTH).count() >= 2
    assert waiting.filter(side=Side.POLICE).count() >= 2
    usernames = set(get_user_model().objects.values_list("username", flat=True))
    assert {"coordinator", "youthworker1", "youthworker2", "facilitator1", "facilitator2",
            "advisor_youth", "advisor_police", "admin"} <= usernames
    printed = out.getvalue()
    assert "youthcop-demo" in printed and "youthworker2" in printed


def _counts():
    from django.apps import apps

    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label.startswith("youthcop")
    }
