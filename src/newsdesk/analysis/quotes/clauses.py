"""Token-range helpers the frames share: trimming, Konjunktiv forms, clause ends and relative clauses; they read
the words of one ``Doc`` and know no frame."""

from __future__ import annotations

from newsdesk.analysis.quotes.speakers import TERMINAL, Doc


def skip_adverbs(doc: Doc, i: int, b: int) -> int:
    """First token at or after ``i`` that is no adverb or object pronoun ("sagte zudem ihm der Minister")."""
    while i < b and (doc.lower[i] in doc.lex.adverbs or doc.lower[i] in doc.lex.object_pronouns):
        i += 1
    return i


def trim(doc: Doc, i: int, j: int, *, keep_final: bool = False) -> tuple[int, int]:
    """Drop punctuation at both ends of a token range (keeps a closing quotation mark and, if asked, the stop)."""
    while i < j and not doc.is_word(i) and doc.region_of[i] < 0 and doc.words[i] not in ("„", "»", "\"", "“"):
        i += 1
    while j > i and not doc.is_word(j - 1) and doc.region_of[j - 1] < 0 and not (
            keep_final and doc.words[j - 1] in TERMINAL):
        j -= 1
    return i, j


def has_konjunktiv(doc: Doc, i: int, j: int, *, quoted: bool = True, strong: bool = False,
                   conditional: bool = True) -> bool:
    """Does tokens[i:j] hold a Konjunktiv form of reported speech (one strong form or two weak ones; ``strong``:
    one strong form)? ``quoted=False`` ignores the words in quotation marks, ``conditional=False`` the forms of
    the Konjunktiv II. A capitalised form counts only as an auxiliary ("Sei es …"): "Versuche" is a noun."""
    weak = 0
    for k in range(i, j):
        if not quoted and doc.region_of[k] >= 0 or doc.lex.nouns_capitalised and doc.is_cap(k) and doc.lower[
                k] not in doc.lex.auxiliaries:
            continue
        lw = doc.lower[k]
        if not conditional and lw in doc.lex.konjunktiv_conditional:
            continue
        if lw in doc.lex.konjunktiv:
            if lw not in doc.lex.konjunktiv_weak:
                return True
            weak += 1
    return weak >= 2 and not strong


def clause_end(doc: Doc, i: int, b: int) -> int:
    """The first comma, colon or semicolon outside quotation marks at or after token ``i`` (``b`` when none)."""
    while i < b and not (doc.region_of[i] < 0 and doc.words[i] in (",", ":", ";")):
        i += 1
    return i


def only_quoted(doc: Doc, i: int, j: int) -> bool:
    """True when the range holds quotation(s) and at most one unquoted word (e.g. "und")."""
    outside = sum(1 for k in range(i, j) if doc.region_of[k] < 0 and doc.is_word(k))
    return outside <= 1 and any(doc.region_of[k] >= 0 for k in range(i, j))


def opens_relative(doc: Doc, i: int, j: int) -> bool:
    """Does a relative clause start at token ``i`` ("…, die sich …") rather than a noun phrase ("die Lage")?"""
    if doc.lower[i] not in doc.lex.relative_pronouns or not doc.words[i][:1].islower() or i + 1 >= j:
        return False
    nxt = doc.lower[i + 1]
    if doc.is_cap(i + 1):
        return False
    if nxt in doc.lex.determiners and nxt not in doc.lex.quantifiers:
        return True  # "…, die seine Rede übertragen": no article follows an article
    adjective = nxt.endswith(doc.lex.adjective_endings) and i + 2 < j and doc.is_cap(i + 2)
    return not adjective
