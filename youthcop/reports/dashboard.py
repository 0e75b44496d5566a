"""What each role must do next, on the Wagtail dashboard, for the programmes that have not ended.

One panel per role the user holds on a current programme (``ProgrammeStaff.role``;
a youth worker may also follow a partner organisation's programme through their
group): youth worker, facilitator, coordinator, confidential advisor. A user with
several roles sees each panel. Programmes that ended (completed, archived, or past
their end date) show nothing: last year's flags do not stay on today's dashboard.

Every item links to the page where the job is done. Each panel shows only what
its user may see (``programmes/permissions.py``; names through ``all_as_seen_by``)
and runs a fixed number of queries, whatever the number of programmes,
participants or sessions. The reports package may read every app, so the panels
live here; the queries are each app's services.
"""

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.components import Component

from youthcop.charters.services.proposals import proposals_to_answer
from youthcop.charters.services.signing import unsigned_participants
from youthcop.charters.services.text import original_charters_of
from youthcop.charters.permissions import charter_policy, proposal_policy
from youthcop.charters.viewsets import charter_viewset
from youthcop.core import roles
from youthcop.privacy import notes
from youthcop.programmes import services as programme_services
from youthcop.programmes.composition import compositions_of, places_free_while_waiting
from youthcop.programmes.models import Participant, ProgrammeStaff, Side
from youthcop.programmes.permissions import (
    all_as_seen_by,
    participant_policy,
    participants_followed_by_youth_worker,
    participants_of_as_seen_by,
)
from youthcop.sessions.permissions import session_policy
from youthcop.sessions.services import open_absence_flags_visible_to
from youthcop.sessions.services.figures import next_sessions_of, sessions_awaiting_attendance
from youthcop.sessions.viewsets import attendance_is_open

Role = ProgrammeStaff.Role
#: A side's people, as a heading says it.
SIDE_PEOPLE = {Side.YOUTH: _("Young people"), Side.POLICE: _("Police officers")}
#: Rows shown per list; the heading gives the whole count and a link to the rest.
LIMIT = 10


def _participants_url(**filters):
    query = "&".join(f"{name}={value}" for name, value in filters.items())
    return reverse("youthcop_admin_participants:index") + (f"?{query}" if query else "")


class Listed:
    """Up to ``LIMIT`` rows of a queryset and how many there are in all (two queries)."""

    def __init__(self, queryset, rows=None, limit=LIMIT):
        self.total = queryset.count()
        self.rows = list(queryset[:limit]) if rows is None else rows
        self.more = self.total - len(self.rows)

    def __bool__(self):
        return bool(self.total)

    def __iter__(self):
        return iter(self.rows)


class RolePanel(Component):
    """A dashboard panel of the jobs one role has in ``programmes`` (the current ones where the user holds it)."""

    def __init__(self, request, programmes):
        self.request = request
        self.user = request.user
        self.programmes = programmes

    @property
    def programme_ids(self):
        return [programme.pk for programme in self.programmes]

    def get_jobs(self):
        raise NotImplementedError

    def get_context_data(self, parent_context):
        jobs = self.get_jobs()
        return {
            "request": self.request,
            "csrf_token": parent_context.get("csrf_token"),
            "programmes": self.programmes,
            "nothing_to_do": not any(jobs.values()),
            **jobs,
        }


class YouthWorkerPanel(RolePanel):
    """Consents awaited (the nearest deadline first), personal links still to give, absence flags."""

    name = "youthcop_youth_worker"
    template_name = "youthcop/admin/dashboard/youth_worker.html"
    order = 60

    def get_jobs(self):
        followed = participants_followed_by_youth_worker(
            self.user, Participant.objects.filter(programme__in=self.programmes)
        )
        now = timezone.now()
        consents = Listed(programme_services.awaiting_consent(followed).select_related("programme"))
        consents.rows = all_as_seen_by(self.user, consents.rows)
        for participant in consents.rows:
            participant.deadline_is_near = programme_services.consent_deadline_is_near(participant, now)
        links = Listed(
            programme_services.without_live_link(followed)
            .select_related("programme")
            .order_by("registered_at", "pk")
        )
        links.rows = all_as_seen_by(self.user, links.rows)
        flags = Listed(
            open_absence_flags_visible_to(self.user)
            .filter(participant__in=followed)
            .order_by("-session__starts_at", "pk")
        )
        flags.rows = participants_of_as_seen_by(self.user, flags.rows)
        return {"consents": consents, "links": links, "flags": flags}

    def get_context_data(self, parent_context):
        return {
            **super().get_context_data(parent_context),
            "may_run_files": participant_policy.user_has_permission(self.user, "change"),
            "may_register": participant_policy.user_has_permission(self.user, "add"),
            "consents_url": _participants_url(status=Participant.Status.AWAITING_CONSENT),
            "participants_url": _participants_url(),
        }


class FacilitatorPanel(RolePanel):
    """The next session (attendance when it is open), sessions without attendance, proposals, signatures missing."""

    name = "youthcop_facilitator"
    template_name = "youthcop/admin/dashboard/facilitator.html"
    order = 61

    def get_jobs(self):
        now = timezone.now()
        next_sessions = list(next_sessions_of(self.programme_ids, now))
        for session in next_sessions:
            session.attendance_open = attendance_is_open(session)
        proposals = Listed(proposals_to_answer(self.programme_ids))
        proposals.rows = participants_of_as_seen_by(self.user, proposals.rows, "author")
        return {
            "next_sessions": next_sessions,
            "without_attendance": Listed(sessions_awaiting_attendance(self.programme_ids, now)),
            "proposals": proposals,
            **self._unsigned(),
        }

    def _unsigned(self):
        """Who has not signed the current charter, per programme, with the pages where they sign (four queries)."""
        queryset = unsigned_participants(self.programme_ids)
        unsigned = Listed(queryset)
        unsigned.rows = all_as_seen_by(self.user, unsigned.rows)
        counts = dict(queryset.order_by().values_list("programme_id").annotate(n=Count("pk")))
        charters = original_charters_of(list(counts))
        in_person = charter_viewset.get_url_name("in_person")
        for participant in unsigned.rows:
            charter = charters.get(participant.programme_id)
            participant.sign_url = reverse(in_person, args=[charter.pk, participant.pk]) if charter else None
        by_programme = [
            {
                "programme": programme,
                "count": counts[programme.pk],
                "url": reverse(charter_viewset.get_url_name("signatures"), args=[charters[programme.pk].pk]),
            }
            for programme in self.programmes
            if programme.pk in counts and programme.pk in charters
        ]
        return {"unsigned": unsigned, "unsigned_by_programme": by_programme}

    def get_context_data(self, parent_context):
        # The role is the programme's; the pages also need the group's permissions: no link that would refuse.
        return {
            **super().get_context_data(parent_context),
            "may_take_attendance": session_policy.user_has_permission(self.user, "change"),
            "may_answer_proposals": proposal_policy.user_has_permission(self.user, "change"),
            "may_collect_signatures": charter_policy.user_has_permission(self.user, "adopt"),
            "proposals_url": reverse("youthcop_admin_proposals:index") + "?status=open",
        }


class CoordinatorPanel(RolePanel):
    """Per programme: composition warnings, and places free while people wait on the waiting list."""

    name = "youthcop_coordinator"
    template_name = "youthcop/admin/dashboard/coordinator.html"
    order = 62

    def get_jobs(self):
        compositions = compositions_of(self.programmes)
        programmes = []
        for programme in self.programmes:
            result = compositions[programme.pk]
            free = [
                {"side": SIDE_PEOPLE[side], "free": free, "waiting": waiting}
                for side, free, waiting in places_free_while_waiting(result)
            ]
            # Every current programme is listed, so its overview is one click from the dashboard.
            programmes.append(
                {
                    "programme": programme,
                    "composition": result,
                    "warnings": result.warnings,
                    "free_places": free,
                    "overview_url": reverse("youthcop_admin_programmes:inspect", args=[programme.pk]),
                    "waiting_url": _participants_url(programme=programme.pk, status=Participant.Status.WAITING),
                }
            )
        return {"to_do": [item for item in programmes if item["warnings"] or item["free_places"]], "all": programmes}


class AdvisorPanel(RolePanel):
    """The advisor's group (the participants of the side they advise) and their confidential notes."""

    name = "youthcop_advisor"
    template_name = "youthcop/admin/dashboard/advisor.html"
    order = 63

    def __init__(self, request, programmes, sides):
        super().__init__(request, programmes)
        self.sides = sides  # {programme pk: [the sides the user advises there]}

    def get_jobs(self):
        group = Listed(notes.advised_group(self.user, self.programme_ids), limit=4 * LIMIT)
        group.rows = all_as_seen_by(self.user, group.rows)
        return {"group": group}

    def get_context_data(self, parent_context):
        return {
            **super().get_context_data(parent_context),
            "may_write_notes": self.user.is_superuser or self.user.has_perm(notes.VIEW_NOTES),
            "groups": [
                {
                    "programme": programme,
                    "sides": [
                        {"label": SIDE_PEOPLE[side], "url": _participants_url(programme=programme.pk, side=side)}
                        for side in self.sides[programme.pk]
                    ],
                }
                for programme in self.programmes
            ],
        }


def current_programmes_by_role(user):
    """``{role: [programme, …]}``: the current programmes where ``user`` holds each role. One query (two for a superuser).

    Superusers run every programme: they see the coordinator's and the facilitator's jobs of all of them.
    """
    by_role = {}
    current = programme_services.current_programmes()
    staff = ProgrammeStaff.objects.filter(user=user, programme__in=current).select_related("programme")
    for member in staff.order_by("programme__start_date", "programme__name", "programme_id"):
        by_role.setdefault(member.role, []).append(member.programme)
    if user.is_superuser:
        everything = list(current.order_by("start_date", "name", "pk"))
        by_role[Role.COORDINATOR] = by_role[Role.FACILITATOR] = everything
    return by_role


def _follows_partner_programmes(user):
    """A youth worker (by group) may follow their organisation's registrations in its partner programmes."""
    return user.groups.filter(name=roles.YOUTH_WORKER).exists()


def role_panels(request):
    """The dashboard panels of ``request.user``'s roles, in a fixed order."""
    user = request.user
    if not (user.is_authenticated and user.is_active):
        return []
    by_role = current_programmes_by_role(user)
    panels = []
    if Role.YOUTH_WORKER in by_role or _follows_partner_programmes(user):
        # Partner organisations' programmes count too: the young people decide, not the role's programmes.
        panels.append(YouthWorkerPanel(request, programme_services.current_programmes()))
    if Role.FACILITATOR in by_role:
        panels.append(FacilitatorPanel(request, by_role[Role.FACILITATOR]))
    if Role.COORDINATOR in by_role:
        panels.append(CoordinatorPanel(request, by_role[Role.COORDINATOR]))
    advised, sides = {}, {}
    for role, side in ((Role.YOUTH_ADVISOR, Side.YOUTH), (Role.POLICE_ADVISOR, Side.POLICE)):
        for programme in by_role.get(role, []):
            advised.setdefault(programme.pk, programme)
            sides.setdefault(programme.pk, []).append(side)
    if advised:
        panels.append(AdvisorPanel(request, list(advised.values()), sides))
    return panels
