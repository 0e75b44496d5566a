import pytest
from wagtail.models import Locale

from tests.charters.factories import charter_for, group_of
from tests.factories import ProgrammeFactory


@pytest.fixture
def locales(db):
    """en (the default), fr and nl."""
    return {code: Locale.objects.get_or_create(language_code=code)[0] for code in ("en", "fr", "nl")}


@pytest.fixture
def charter(programme, locales):
    return charter_for(programme)


@pytest.fixture
def group(programme):
    """Four young people and two officers, enrolled."""
    return group_of(programme, youth=4, police=2)


@pytest.fixture
def other_programme(db):
    return ProgrammeFactory()
