import pytest

from .factories import make_index, make_programme_page


@pytest.fixture
def index_page(db):
    return make_index()


@pytest.fixture
def programme_page(programme, index_page):
    return make_programme_page(programme, parent=index_page)
