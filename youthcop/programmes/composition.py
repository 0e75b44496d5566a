"""The composition of a programme's group: sides against slots, ratio, mix."""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count
from django.utils.translation import gettext as _


from .models import Participant, Side
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
    warnings: list = field(default_factory=list)

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
    awaiting = 0
    rows = members.values_list("side", "gender", "date_of_birth", "organisation__name", "status")
    for side, gender, born, organisation, status in rows:
        by_gender[gender_labels.get(gender, _("Not given"))] += 1
        by_organisation[(organisation, side)] += 1
        awaiting += status == Participant.Status.AWAITING_CONSENT
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
    return warnings
