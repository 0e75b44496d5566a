"""Verification codes: 130 random bits, with a short readable form.

Codes are written in Crockford's base32 (no I, L, O, U: nothing to misread).
The full code (26 characters, 130 bits) goes into the QR code; the short code
is its first 16 characters (80 bits), printed as ``XXXX-XXXX-XXXX-XXXX`` to be
typed by hand. 80 bits stay unguessable on their own — with a million
certificates an attacker still needs about 2^60 guesses per hit — and the
verification page rate-limits wrong codes per address on top of that.
"""

import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
FULL_LENGTH = 26  # 26 × 5 = 130 bits
SHORT_LENGTH = 16  # 16 × 5 = 80 bits
GROUP = 4

# Characters people type for the ones Crockford's alphabet leaves out.
_READ_AS = str.maketrans({"O": "0", "I": "1", "L": "1"})


def new_code():
    return "".join(secrets.choice(ALPHABET) for _ in range(FULL_LENGTH))


def short_form(code):
    return code[:SHORT_LENGTH]


def display(code):
    """``ABCD-EFGH-JKMN-PQRS``: groups of four for reading aloud and typing."""
    return "-".join(code[i : i + GROUP] for i in range(0, len(code), GROUP))


def normalise(text):
    """A typed or scanned code in canonical form; "" when it cannot be a code."""
    cleaned = "".join((text or "").split()).replace("-", "").upper().translate(_READ_AS)
    if not cleaned or any(char not in ALPHABET for char in cleaned):
        return ""
    return cleaned
