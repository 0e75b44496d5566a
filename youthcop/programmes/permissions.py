"""Who sees what (README rule 8), in one place.

Three questions are answered here and nowhere else:

(a) which participants a user sees: ``participants_visible_to``;
(b) which actions they may take on one (``Action``): ``action_scope``,
    ``participants_open_to``, ``participant_actions`` (for a page of rows, in
    one query) and ``may``; registering: ``may_register``;
(c) whether they see a young person's identifying data or only the first name
    and the initial of the last name: ``sees_identity`` and ``as_seen_by``.

Every admin view, menu, export, chooser, report, PDF and panel of youthcop
scopes its objects with these functions or with the permission policies built
on them, and passes the participants it shows through ``as_seen_by``.
"""

import copy

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q
from wagtail.permission_policies import ModelPermissionPolicy

from youthcop.core import roles
from youthcop.core.search import folded_search

from .models import (
    Organisation,
    OrganisationText,
    Participant,
    Programme,
    ProgrammeStaff,
    ProgrammeText,
    Side,
    StaffProfile,
)
from .wording import source_language

Role = ProgrammeStaff.Role
MANAGING_ROLES = (Role.COORDINATOR, Role.FACILITATOR)
REGISTERING_ROLES = (Role.COORDINATOR, Role.FACILITATOR, Role.YOUTH_WORKER)


def _is_unscoped(user):
    return user.is_active and user.is_superuser


def user_organisation_id(user):
    profile = getattr(user, "youthcop_profile", None) if user.is_authenticated else None
    return profile.organisation_id if profile else None


def programmes_visible_to(user, roles=None):
    """Programmes where ``user`` holds one of ``roles`` (any role when None)."""
    if not user.is_authenticated:
        return Programme.objects.none()
    if _is_unscoped(user):
        return Programme.objects.all()
    staff = ProgrammeStaff.objects.filter(programme=OuterRef("pk"), user=user)
    if roles:
        staff = staff.filter(role__in=roles)
    return Programme.objects.filter(Exists(staff))


def programmes_managed_by(user):
    """Programmes whose sessions, charter and certificates ``user`` may run."""
    return programmes_visible_to(user, MANAGING_ROLES)


def programmes_open_for_registration_by(user):
    return programmes_visible_to(user, REGISTERING_ROLES).exclude(
        status__in=[Programme.Status.COMPLETED, Programme.Status.ARCHIVED]
    )


# --- (a) Which participants a user sees, and (b) what they may do with them ---------------------------


class Action:
    """What a user may do with one participant; each has its own scope below."""

    VIEW = "view"
    CHANGE = "change"
    WITHDRAW = "withdraw"
    LINK = "link"  # issue, email or revoke a personal link
    CONSENT = "consent"  # record a guardian's paper consent
    OFFER = "offer"  # offer a waiting place to a chosen person (the coordinator keeps the mix)
    NOTES = "notes"  # read and write confidential notes
    EXPORT = "export"
    ERASE = "erase"
    DELETE = "delete"


ALL_ACTIONS = (
    Action.VIEW, Action.CHANGE, Action.WITHDRAW, Action.LINK, Action.CONSENT, Action.OFFER,
    Action.NOTES, Action.EXPORT, Action.ERASE, Action.DELETE,
)
# The Django model permission (the user's group) each action also needs.
ACTION_PERMISSION = {
    Action.VIEW: "youthcop_programmes.view_participant",
    Action.CHANGE: "youthcop_programmes.change_participant",
    Action.WITHDRAW: "youthcop_programmes.change_participant",
    Action.LINK: "youthcop_programmes.change_participant",
    Action.CONSENT: "youthcop_programmes.change_participant",
    Action.OFFER: "youthcop_programmes.change_participant",
    Action.NOTES: "youthcop_privacy.view_advisornote",  # confidential notes are the privacy app's
    Action.EXPORT: "youthcop_programmes.export_participant",
    Action.ERASE: "youthcop_programmes.erase_participant",
    Action.DELETE: "youthcop_programmes.delete_participant",
}
# The programme roles that run a participant's file (the youth worker's clause is added to these).
FILE_ACTIONS = (Action.CHANGE, Action.WITHDRAW, Action.LINK, Action.CONSENT)
COORDINATOR_ACTIONS = (Action.OFFER, Action.EXPORT, Action.ERASE, Action.DELETE)
# What police staff may still do with a young person, whom they see by first name and initial only:
# withdrawing needs no personal data; editing, links, consent, export, erasure and deletion all show it.
# Offering a place is choosing who joins, which a coordinator of a police service does too.
POLICE_STAFF_ACTIONS_ON_YOUTH = frozenset({Action.VIEW, Action.WITHDRAW, Action.OFFER})


def _holds(user, *roles):
    """``Q``: the participant's programme is one where ``user`` holds one of ``roles``."""
    return Q(Exists(ProgrammeStaff.objects.filter(programme=OuterRef("programme"), user=user, role__in=roles)))


def _is_youth_worker(user):
    if not hasattr(user, "_youthcop_youth_worker"):
        user._youthcop_youth_worker = user.groups.filter(name=roles.YOUTH_WORKER).exists()
    return user._youthcop_youth_worker


def _youth_worker_clause(user):
    """A youth worker's own registrations and their organisation's, in the programmes their organisation takes part in.

    Their organisation takes part in a programme where they hold the youth worker
    role, or that names it a partner organisation (then they need to be in the
    youth workers group).
    """
    organisation_id = user_organisation_id(user)
    registered = Q(registered_by=user)
    programmes = _holds(user, Role.YOUTH_WORKER)
    if organisation_id:
        colleagues = StaffProfile.objects.filter(user=OuterRef("registered_by"), organisation_id=organisation_id)
        registered |= Q(Exists(colleagues))
        if _is_youth_worker(user):
            partners = Programme.partner_organisations.through.objects.filter(
                programme=OuterRef("programme"), organisation_id=organisation_id
            )
            programmes |= Q(Exists(partners))
    return programmes & registered


def _advisor_clause(user):
    """A confidential advisor's own group: their side, in the programmes where they advise it."""
    return Q(_holds(user, Role.YOUTH_ADVISOR), side=Side.YOUTH) | Q(_holds(user, Role.POLICE_ADVISOR), side=Side.POLICE)


def _action_clause(user, action):
    """``Q``: the participants on which ``user`` (not a superuser) may take ``action``, by their roles alone."""
    if action == Action.NOTES:
        return _advisor_clause(user)
    if action in COORDINATOR_ACTIONS:
        clause = _holds(user, Role.COORDINATOR)
    elif action in FILE_ACTIONS:
        clause = _holds(user, *MANAGING_ROLES) | _youth_worker_clause(user)
    else:  # view (and Wagtail's "add", which no row needs)
        clause = _holds(user, *MANAGING_ROLES) | _advisor_clause(user) | _youth_worker_clause(user)
    if hides_young_peoples_identity(user) and action not in POLICE_STAFF_ACTIONS_ON_YOUTH:
        clause &= Q(side=Side.POLICE)
    return clause


def _has_permission(user, action):
    permission = ACTION_PERMISSION.get(action, f"youthcop_programmes.{action}_participant")
    if action == Action.VIEW:  # Wagtail lets "change" stand for "view"
        return user.has_perm(permission) or user.has_perm("youthcop_programmes.change_participant")
    return user.has_perm(permission)


def action_scope(user, action):
    """``Q`` selecting the participants on which ``user`` may take ``action``; ``None`` for none at all.

    The one rule every view, menu, export and chooser applies (README rule 8).
    Superusers may do everything but confidential notes, which are their
    advisors' only.
    """
    if not (user.is_authenticated and user.is_active):
        return None
    if action == Action.NOTES:
        if not (user.is_superuser or _has_permission(user, action)):
            return None
        return _advisor_clause(user)
    if user.is_superuser:
        return Q()
    if not _has_permission(user, action):
        return None
    return _action_clause(user, action)


def participant_visibility(user):
    """A ``Q`` selecting the participants ``user`` may see (whatever their model permissions)."""
    if user.is_superuser:
        return Q()
    return _action_clause(user, Action.VIEW)


def participants_visible_to(user, queryset=None):
    return participants_open_to(user, Action.VIEW, queryset)


def participants_open_to(user, action, queryset=None):
    """The part of ``queryset`` (all participants by default) on which ``user`` may take ``action``."""
    queryset = Participant.objects.all() if queryset is None else queryset
    scope = action_scope(user, action)
    return queryset.none() if scope is None else queryset.filter(scope)


def participant_actions(user, participants):
    """``{pk: frozenset of actions}`` that ``user`` may take on each of ``participants``, in one query."""
    pks = [participant.pk for participant in participants]
    scopes = {action: action_scope(user, action) for action in ALL_ACTIONS}
    granted = {action: scope for action, scope in scopes.items() if scope is not None}
    if not pks or not granted:
        return {pk: frozenset() for pk in pks}
    annotations = {
        f"may_{action}": ExpressionWrapper(scope if scope else Q(pk__isnull=False), output_field=BooleanField())
        for action, scope in granted.items()
    }
    rows = Participant.objects.filter(pk__in=pks).order_by().annotate(**annotations).values("pk", *annotations)
    actions = {pk: frozenset() for pk in pks}
    for row in rows:
        actions[row["pk"]] = frozenset(action for action in granted if row[f"may_{action}"])
    return actions


def may(user, action, participant):
    """Whether ``user`` may take ``action`` on ``participant``."""
    return action in participant_actions(user, [participant])[participant.pk]


def may_register(user, programme, side):
    """Young people are registered by the programme's coordinators, facilitators and youth workers; officers by its coordinators."""
    if not (user.is_authenticated and user.is_active):
        return False
    if user.is_superuser:
        return True
    roles_needed = REGISTERING_ROLES if side == Side.YOUTH else (Role.COORDINATOR,)
    return ProgrammeStaff.objects.filter(programme=programme, user=user, role__in=roles_needed).exists()


# --- (c) Whose identity a user sees -----------------------------------------------------------------------

# Withheld from police staff: they know a young person by first name and initial, as in the workshop.
WITHHELD_FIELDS = {
    "date_of_birth": None,
    "email": "",
    "phone": "",
    "guardian_name": "",
    "guardian_email": "",
    "guardian_phone": "",
    "dietary_needs": [],
    "accessibility_needs": "",
    "reserved_until": None,  # says a guardian's consent is pending
    "meal_needs_consent_at": None,  # consent to the meal needs: whose, and when
    "meal_needs_consent_by": "",
}


def hides_young_peoples_identity(user):
    """Whether ``user`` is police staff: their organisation is a police service. Superusers see everything."""
    if not user.is_authenticated or user.is_superuser:
        return False
    if not hasattr(user, "_youthcop_police_staff"):
        profile = StaffProfile.objects.filter(user=user).select_related("organisation").first()
        user._youthcop_police_staff = bool(profile and profile.organisation.kind == Organisation.Kind.POLICE_ZONE)
    return user._youthcop_police_staff


def sees_identity(user, participant):
    """Whether ``user`` sees who ``participant`` is, or only their first name and initial."""
    return participant.side != Side.YOUTH or not hides_young_peoples_identity(user)


def initial_only(last_name):
    return f"{last_name[:1]}." if last_name else ""


def withhold_identity(participant):
    """A copy of ``participant`` with only the first name and the initial of the last name; it cannot be saved."""
    shown = copy.copy(participant)
    shown.last_name = initial_only(participant.last_name)
    for field, blank in WITHHELD_FIELDS.items():
        setattr(shown, field, copy.copy(blank))
    shown.identity_withheld = True
    return shown


def as_seen_by(user, participant):
    """``participant`` as ``user`` may see it: itself, or a copy without a young person's identifying data."""
    if participant is None or sees_identity(user, participant):
        return participant
    return withhold_identity(participant)


def all_as_seen_by(user, participants):
    """A list of ``participants`` as ``user`` may see them."""
    return [as_seen_by(user, participant) for participant in participants]


def participants_of_as_seen_by(user, objects, field="participant"):
    """``objects`` (flags, signatures, rows…) as a list, each one's ``field`` participant as ``user`` may see it."""
    objects = list(objects)
    for obj in objects:
        setattr(obj, field, as_seen_by(user, getattr(obj, field)))
    return objects


def shown_name(user, participant):
    return as_seen_by(user, participant).full_name


def search_as(user, queryset, query, fields):
    """``folded_search`` of participants as ``user`` may: police staff find a young person by first name only.

    Finding someone by a last name would tell who they are, even if the row then shows an initial.
    """

    if not hides_young_peoples_identity(user):
        return folded_search(queryset, query, fields)
    officers = folded_search(queryset.filter(side=Side.POLICE), query, fields)
    youth = folded_search(queryset.filter(side=Side.YOUTH), query, [f for f in fields if f == "first_name"])
    return queryset.filter(Q(pk__in=officers.values("pk")) | Q(pk__in=youth.values("pk")))


class _ListedTogether:
    """Objects of one model shown on one page, and which of them a user may act on: one query per question."""

    def __init__(self, pks):
        self.pks = pks
        self.answers = {}

    def allowed(self, policy, user, actions):
        key = (id(policy), user.pk, tuple(sorted(actions)))
        if key not in self.answers:
            allowed = policy.instances_user_has_any_permission_for(user, actions).filter(pk__in=self.pks)
            self.answers[key] = set(allowed.values_list("pk", flat=True))
        return self.answers[key]


def listed_together(instances):
    """Mark ``instances`` as shown on one page (the site history's objects, each with an edit link).

    A scoped policy then answers "may the user … this one?" for all of a model's
    marked instances in one query, not one query per row.
    """
    by_model = {}
    for instance in instances:
        by_model.setdefault(type(instance), []).append(instance)
    for peers in by_model.values():
        listed = _ListedTogether([instance.pk for instance in peers])
        for instance in peers:
            instance._youthcop_listed_together = listed
    return instances


class ScopedPermissionPolicy(ModelPermissionPolicy):
    """Django model permissions, narrowed to the objects a user is staff for.

    ``scope(user, queryset)`` returns the part of ``queryset`` the user may touch.
    """

    def __init__(self, model, scope):
        super().__init__(model)
        self.scope = scope

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return self.model._default_manager.none()
        return self.scope(user, self.model._default_manager.all())

    def instances_user_has_permission_for(self, user, action):
        return self.instances_user_has_any_permission_for(user, [action])

    def user_has_any_permission_for_instance(self, user, actions, instance):
        listed = getattr(instance, "_youthcop_listed_together", None)
        if listed is not None:
            return instance.pk in listed.allowed(self, user, actions)
        return self.instances_user_has_any_permission_for(user, actions).filter(pk=instance.pk).exists()

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_any_permission_for_instance(user, [action], instance)


def _programme_scope(user, queryset):
    return queryset.filter(pk__in=programmes_visible_to(user).values("pk"))


programme_policy = ScopedPermissionPolicy(Programme, _programme_scope)


class TranslatedTextPolicy(ScopedPermissionPolicy):
    """Texts for readers in other languages (``youthcop.programmes.wording``): only their translations are
    viewed and changed — in wagtail-localize's editor —, never added or deleted by hand; the original follows
    its programme, session or organisation."""

    ACTIONS = ("view", "change")

    def user_has_permission(self, user, action):
        return action in self.ACTIONS and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


def _translations_only(queryset):
    return queryset.exclude(locale__language_code=source_language())


programme_text_policy = TranslatedTextPolicy(
    ProgrammeText,
    lambda user, queryset: _translations_only(queryset.filter(programme__in=programmes_managed_by(user).values("pk"))),
)
organisation_text_policy = TranslatedTextPolicy(OrganisationText, lambda user, queryset: _translations_only(queryset))


class ParticipantPermissionPolicy(ScopedPermissionPolicy):
    """Each action its own scope (``action_scope``): a user may see a participant and still not withdraw them."""

    def __init__(self):
        super().__init__(Participant, participants_visible_to)

    def user_has_permission(self, user, action):
        if user.is_active and user.is_superuser:
            return True
        return _has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def instances_user_has_any_permission_for(self, user, actions):
        scopes = [scope for scope in (action_scope(user, action) for action in actions) if scope is not None]
        if not scopes:
            return Participant.objects.none()
        if any(scope == Q() for scope in scopes):  # a superuser's: every participant
            return Participant.objects.all()
        union = scopes[0]
        for scope in scopes[1:]:
            union |= scope
        return Participant.objects.filter(union)


participant_policy = ParticipantPermissionPolicy()


def participants_followed_by_youth_worker(user, queryset=None):
    """The part of ``queryset`` ``user`` follows as a youth worker: their own and their organisation's registrations
    in the programmes their organisation takes part in (the youth worker's clause of ``action_scope``)."""
    queryset = Participant.objects.all() if queryset is None else queryset
    if not (user.is_authenticated and user.is_active) or not _has_permission(user, Action.VIEW):
        return queryset.none()
    return queryset.filter(_youth_worker_clause(user))
