"""The composition of a programme's group: sides against slots, ratio, mix."""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _


from .models import Participant, Side, SteeringCommitteeMember
from .services import police_slots, youth_slots

AGE_BANDS = ((0, 15, "–15"), (16, 17, "16–17"), (18, 20, "18–20"), (21, 25, "21–25"), (26, 200, "26+"))


def age_band(age):
    for low, high, label in AGE_BANDS:
        if low <= age <= high:
            return label
    return "?"


@dataclass
class Composition:
    youth: int
    police: int
    youth_slots: int
    police_slots: int
    target_ratio: int
    by_organisation: list = field(default_factory=list)
    by_age_band: list = field(default_factory=list)
    by_gender: list = field(default_factory=list)
    waiting: dict = field(default_factory=dict)
    awaiting_consent: int = 0
    by_police_unit: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    offered: dict = field(default_factory=dict)  # places offered and not lapsed, per side: taken until answered

    @property
    def size(self):
        return self.youth + self.police

    @property
    def ratio(self):
        """Young people per officer, or None without officers."""
        return round(self.youth / self.police, 2) if self.police else None


def ratio_is_off(youth, police, target_ratio, tolerance):
    if police == 0:
        return youth > 0
    return abs(youth / police - target_ratio) > tolerance


def composition(programme):
    """Who is in the group now (enrolled or with a reserved place). A fixed number of queries."""
    members = programme.participants.holding_slot()
    sides = Counter(dict(members.values_list("side").annotate(n=Count("pk")).order_by()))
    waiting = Counter(
        dict(
            programme.participants.filter(status=Participant.Status.WAITING)
            .values_list("side")
            .annotate(n=Count("pk"))
            .order_by()
        )
    )
    gender_labels = dict(Participant.Gender.choices)
    by_gender = Counter()
    by_age = Counter()
    by_organisation = Counter()
    by_unit = Counter()
    awaiting = 0
    rows = members.values_list("side", "gender", "date_of_birth", "organisation__name", "status", "police_unit")
    for side, gender, born, organisation, status, unit in rows:
        by_gender[gender_labels.get(gender, _("Not given"))] += 1
        by_organisation[(organisation, side)] += 1
        awaiting += status == Participant.Status.AWAITING_CONSENT
        if side == Side.POLICE:
            by_unit[unit] += 1
        if side == Side.YOUTH and born:
            probe = Participant(date_of_birth=born)
            by_age[age_band(probe.age_on(programme.start_date))] += 1
    result = Composition(
        youth=sides[Side.YOUTH],
        police=sides[Side.POLICE],
        youth_slots=youth_slots(programme),
        police_slots=police_slots(programme),
        target_ratio=programme.youth_per_officer,
        by_organisation=sorted(
            ((name, dict(Side.choices)[side], n) for (name, side), n in by_organisation.items()),
            key=lambda row: (-row[2], row[0]),
        ),
        by_age_band=[(label, by_age[label]) for _low, _high, label in AGE_BANDS if by_age[label]],
        by_gender=sorted(by_gender.items(), key=lambda row: -row[1]),
        waiting={"youth": waiting[Side.YOUTH], "police": waiting[Side.POLICE]},
        awaiting_consent=awaiting,
        by_police_unit=police_units(by_unit),
    )
    result.warnings = composition_warnings(programme, result)
    return result


def composition_warnings(programme, result):
    warnings = []
    if result.size < programme.min_size:
        warnings.append(
            _("The group has %(size)s members, fewer than the %(min)s the method asks for.")
            % {"size": result.size, "min": programme.min_size}
        )
    elif result.size > programme.max_size:
        warnings.append(
            _("The group has %(size)s members, more than the %(max)s the method asks for.")
            % {"size": result.size, "max": programme.max_size}
        )
    if result.size and ratio_is_off(result.youth, result.police, programme.youth_per_officer, programme.ratio_tolerance):
        warnings.append(
            _("The group has %(youth)s young people for %(police)s officers; the programme aims at %(ratio)s per officer.")
            % {"youth": result.youth, "police": result.police, "ratio": programme.youth_per_officer}
        )
    if warning := police_units_warning(result):
        warnings.append(warning)
    return warnings


# --- The officers' services: the method asks for officers of different services ------------------


def police_units(by_unit):
    """``[(unit value, label, count)]`` in the order of the choices, "not recorded" last."""
    labels = dict(Participant.PoliceUnit.choices)
    rows = [(value, label, by_unit[value]) for value, label in labels.items() if by_unit[value]]
    if unrecorded := sum(n for value, n in by_unit.items() if value not in labels):
        rows.append(("", _("Not recorded"), unrecorded))
    return rows


def police_units_warning(result):
    """A warning when two officers or more come from fewer than two services, or None."""
    if result.police < 2:
        return None
    services = [label for value, label, _n in result.by_police_unit if value]
    if len(services) >= 2:
        return None
    if not services:
        return _("No officer's service is recorded; the method asks for officers of different services.")
    return _(
        "Every officer whose service is recorded comes from one service (%(service)s); the method asks for "
        "officers of different services, not only community officers."
    ) % {"service": services[0]}


# --- The steering committee against the four groups the method asks for -----------------------------

Represents = SteeringCommitteeMember.Represents
#: The groups the method wants on every steering committee; others (the municipality) are welcome besides.
STEERING_GROUPS = (Represents.YOUTH, Represents.POLICE, Represents.YOUTH_WORK, Represents.FACILITATION)


@dataclass
class SteeringGroup:
    key: str
    label: str
    members: list  # names as the viewer may see them

    @property
    def missing(self):
        return not self.members


@dataclass
class SteeringCommittee:
    groups: list  # the four groups the method asks for, in its order
    others: list  # the other members' groups that have members
    warnings: list


def steering_committee(programme, *, initials_for_youth=False):
    """Who represents each group on ``programme``'s steering committee, and which of the four is missing. One query.

    ``initials_for_youth``: young people's representatives are named by first name and initial
    (for police staff, README rule 8).
    """
    members = {value: [] for value in Represents.values}
    for name, represents in programme.steering_members.order_by("pk").values_list("name", "represents"):
        if initials_for_youth and represents == Represents.YOUTH:
            name = first_name_and_initial(name)
        members.setdefault(represents, []).append(name)
    labels = dict(Represents.choices)
    groups = [SteeringGroup(key, labels[key], members[key]) for key in STEERING_GROUPS]
    others = [
        SteeringGroup(key, labels.get(key, key), names)
        for key, names in members.items()
        if key not in STEERING_GROUPS and names
    ]
    warnings = [
        _("No one represents this group on the steering committee: %(group)s.") % {"group": group.label}
        for group in groups
        if group.missing
    ]
    return SteeringCommittee(groups=groups, others=others, warnings=warnings)


def first_name_and_initial(name):
    parts = name.split()
    return f"{parts[0]} {parts[-1][:1]}." if len(parts) > 1 else name


def compositions_of(programmes):
    """``{programme pk: Composition}`` of sides, police units, waiting lists and warnings for ``programmes``. One query.

    For lists of programmes, as the staff's dashboard: ``composition`` gives one programme's whole picture.
    """
    programmes = list(programmes)
    counts, offered = Counter(), Counter()
    units = {programme.pk: Counter() for programme in programmes}
    live_offer = Q(status=Participant.Status.OFFERED, offer_expires_at__gt=timezone.now())
    rows = (
        Participant.objects.filter(programme__in=[programme.pk for programme in programmes])
        .values_list("programme_id", "side", "status", "police_unit")
        .annotate(n=Count("pk"), live_offers=Count("pk", filter=live_offer))
        .order_by()
    )
    for programme_id, side, status, unit, n, live_offers in rows:
        counts[programme_id, side, status] += n
        offered[programme_id, side] += live_offers
        if side == Side.POLICE and status in Participant.SLOT_HOLDING:
            units[programme_id][unit] += n
    results = {}
    for programme in programmes:
        held = {
            side: sum(counts[programme.pk, side, status] for status in Participant.SLOT_HOLDING) for side in Side.values
        }
        result = Composition(
            youth=held[Side.YOUTH],
            police=held[Side.POLICE],
            youth_slots=youth_slots(programme),
            police_slots=police_slots(programme),
            target_ratio=programme.youth_per_officer,
            waiting={side: counts[programme.pk, side, Participant.Status.WAITING] for side in Side.values},
            awaiting_consent=counts[programme.pk, Side.YOUTH, Participant.Status.AWAITING_CONSENT],
            by_police_unit=police_units(units[programme.pk]),
            offered={side: offered[programme.pk, side] for side in Side.values},
        )
        result.warnings = composition_warnings(programme, result)
        results[programme.pk] = result
    return results


def places_free_while_waiting(result):
    """``[(side, places free, people waiting)]`` of the sides where places are free (not even offered) while people wait."""
    taken = {Side.YOUTH: result.youth, Side.POLICE: result.police}
    slots = {Side.YOUTH: result.youth_slots, Side.POLICE: result.police_slots}
    free = {side: slots[side] - taken[side] - result.offered.get(side, 0) for side in Side.values}
    return [
        (side, free[side], result.waiting.get(side, 0))
        for side in Side.values
        if free[side] > 0 and result.waiting.get(side, 0) > 0
    ]
