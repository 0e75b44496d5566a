# The phone of the browser tests (tests/browser/conftest.py), for the questionnaire's browser test here.
from tests.browser.conftest import browser, phone  # noqa: F401
