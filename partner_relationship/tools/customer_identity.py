# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Normalised keys that tell whether two records are about the same customer.

Deal registration conflicts and registration protection compare customers on
their VAT number, the domain of their e-mail addresses and their company name
with punctuation, case, accents and legal suffixes removed.
"""

import re
import unicodedata
from difflib import SequenceMatcher

# Mailbox providers: a shared domain says nothing about the customer.
PUBLIC_EMAIL_DOMAINS = frozenset(
    """
    126.com 163.com aol.com gmail.com googlemail.com gmx.de gmx.net hotmail.com
    icloud.com live.com mail.com me.com msn.com outlook.com proton.me
    protonmail.com qq.com web.de yahoo.com yahoo.com.tw yandex.ru
    """.split()
)

# Words that do not tell companies apart.
LEGAL_SUFFIXES = frozenset(
    """
    ab ag as bv co company corp corporation gmbh inc incorporated kg limited
    llc llp ltd nv oy plc pte pty sa sarl sas spa srl the
    """.split()
)

# Two names whose keys are at least this similar are "very similar".
NAME_SIMILARITY_THRESHOLD = 0.88


def customer_key(name):
    """'Harbor-Freight Lines, Inc.' -> 'harbor freight lines'."""
    if not name:
        return False
    text = unicodedata.normalize("NFKD", name)
    text = "".join(char for char in text if not unicodedata.combining(char))
    words = re.findall(r"\w+", text.lower())
    significant = [word for word in words if word not in LEGAL_SUFFIXES]
    return " ".join(significant or words) or False


def vat_key(vat):
    """'be 0477.472.701' -> 'BE0477472701'."""
    if not vat:
        return False
    return re.sub(r"[^0-9A-Za-z]", "", vat).upper() or False


def email_domain(value):
    """Domain of an address or of a bare domain, unless it is a public mailbox
    provider: 'Sam <sam@Harbor.example.com>' -> 'harbor.example.com'."""
    if not value:
        return False
    match = re.search(r"@([\w.-]+)", value) or re.fullmatch(
        r"\s*(?:https?://)?(?:www\.)?([\w.-]+\.\w+)\s*/?\s*", value
    )
    if not match:
        return False
    domain = match.group(1).lower().strip(".")
    if domain.startswith("www."):
        domain = domain[4:]
    return False if domain in PUBLIC_EMAIL_DOMAINS else domain


def name_similarity(key_a, key_b):
    """Similarity (0 to 1) of two customer keys."""
    if not key_a or not key_b:
        return 0.0
    return SequenceMatcher(None, key_a, key_b).ratio()
