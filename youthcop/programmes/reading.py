"""One ``Wording`` per programme and language for a batch of emails, feeds or documents.

A batch (the reminders due, a change notice to a session's people) reads each
programme's texts once per language its recipients read, so that its queries
do not grow with the number of recipients.
"""

from .wording import Wording, content_language


class Wordings:
    """``wordings(programme, language)``: the programme's ``Wording`` in ``language``, made once per batch."""

    def __init__(self):
        self._wordings = {}

    def __call__(self, programme, language=None):
        key = (programme.pk, content_language(language))
        if key not in self._wordings:
            self._wordings[key] = Wording(programme, key[1])
        return self._wordings[key]


def worded(programme, language=None, wordings=None):
    """``programme`` as a reader in ``language`` sees it (name, description, reward, police zone)."""
    return (wordings or Wordings())(programme, language).programme
