"""The form a language's quotation knowledge takes: the :class:`QuoteLexicon` dataclass.

It lives in the language layer, not beside the quote finder (:mod:`newsdesk.analysis.quotes`), because each
language's ``newsdesk.lang.<code>.quotes`` builds its ``LEXICON`` from it and ``lang/`` never imports a stage: the
language module fills in the words, the engine reads them. Nothing here knows a language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["QuoteLexicon"]


@dataclass(frozen=True)
class QuoteLexicon:
    """The language knowledge the engine reads; one instance per language in ``lang/<code>/quotes.py``."""

    speech_verbs: frozenset[str]
    say_core: frozenset[str]
    particle_verbs: dict[str, tuple[str, ...]]
    konjunktiv: frozenset[str]
    konjunktiv_weak: frozenset[str]
    complementizers: frozenset[str]
    attribution_prefix: frozenset[str]
    attribution_postfix: frozenset[str]
    source_noun: re.Pattern[str] | None
    source_preposition: frozenset[str]
    self_source: frozenset[str]
    so_frame: frozenset[str]
    as_frame: frozenset[str]
    anaphoric_source: frozenset[str]
    impersonal: frozenset[str]
    pronouns: dict[str, str]
    determiners: frozenset[str]
    np_linkers: frozenset[str]
    np_stop: frozenset[str]
    relative_pronouns: frozenset[str]
    not_speaker: frozenset[str]
    adverbs: frozenset[str]
    auxiliaries: frozenset[str]
    subordinators: frozenset[str]
    prepositions: frozenset[str]
    role_suffixes: tuple[str, ...]
    titles: frozenset[str]
    title_nouns: re.Pattern[str] | None
    so_called: re.Pattern[str] | None
    nouns_capitalised: bool
    attribution_prefix_pairs: frozenset[tuple[str, str]] = frozenset()  # ("according", "to")
    genitive_openers: frozenset[str] = frozenset()  # "nach Angaben [des|von] X"
    agent_prepositions: frozenset[str] = frozenset()  # "von", "vom": "Angaben von X", "Vom Diktator heißt es"
    place_prepositions: frozenset[str] = frozenset()  # "in", "im", "auf": "In dem Bericht heißt es"
    role_linkers: frozenset[str] = frozenset()  # may follow a role noun in a name: "Botschafter in Moskau"
    definite: frozenset[str] = frozenset()  # articles that make a role noun refer back: "der Diktator"
    object_pronouns: frozenset[str] = frozenset()  # skipped between verb and subject: "sagte ihm der Minister"
    consecutive: frozenset[str] = frozenset()  # "so heftig, dass" is no reported speech
    feminine_suffix: str = ""  # role nouns with it are feminine ("Ministerin"); "er" skips them
    standalone_source: re.Pattern[str] | None = None  # source nouns that name the source alone ("Polizeiangaben")
    # words before ", dass" that make the clause no reported speech ("führte dazu, dass", "die Tatsache, dass")
    dass_exclude: frozenset[str] = frozenset()
    # verbs anywhere in a clause without a speech cue that make its "dass"/"ob" clause a fact, a result or an open
    # question rather than reported speech ("Der Torwart verhinderte, dass …", "Tests ergaben, dass …")
    fact_verbs: frozenset[str] = frozenset()
    # modal verbs: a clause without a speech cue that holds one states what may or must be ("Spender können
    # angeben, dass …"), it reports nothing said
    modal_verbs: frozenset[str] = frozenset()
    # verbs that report speech only impersonally ("heißt es", "wie es hieß"); with a subject they name or define
    # ("Damentag heißt hier: …", "das heißt")
    impersonal_verbs: frozenset[str] = frozenset()
    # determiners that count things and may follow an article ("die beiden Minister"); any other determiner after
    # "die"/"der" shows a relative pronoun ("…, die seine Rede übertragen")
    quantifiers: frozenset[str] = frozenset()
    # prepositions that name where words came from ("Aus Militärkreisen verlautete", "hieß es aus dem Ministerium"):
    # the phrase they open is the speaker, as written
    origin_prepositions: frozenset[str] = frozenset()
    # Konjunktiv II forms: alone, without a cue, they state a condition ("Mit dem Titel stünde die Stadt …") as
    # often as they report speech, so a sentence needs another form to continue someone's words
    konjunktiv_conditional: frozenset[str] = frozenset()
    # time words that open a clause before the verb ("Ende Juli sagte X", "Wenige Wochen später erklärte X")
    time_words: frozenset[str] = frozenset()
    # words before a capitalised quotation that make it a quoted word, not a name ("als „Skandal“", "einen „…“")
    predicative: frozenset[str] = frozenset()
    # determiners that never open a subject, so a clause opening with one has its subject after the verb ("Den
    # Unmut der CDU brachte die Sprecherin … zum Ausdruck: „…“")
    oblique_determiners: frozenset[str] = frozenset()
    # conjunctions that may stand before a sentence's first clause without taking its place ("Denn wie X berichtete")
    coordinators: frozenset[str] = frozenset()
    # demonstratives that open a frame reporting the previous sentence ("… . Dies bestätigte der Sprecher.")
    anaphoric_content: frozenset[str] = frozenset()
    # endings of attributive adjectives, allowed lower-case inside a speaker phrase ("der russische Präsident")
    adjective_endings: tuple[str, ...] = ()
    # nouns that never speak (works, documents, abstract nouns: "Film", "Lage") and endings of abstract nouns
    # ("-ung", "-heit"), unless the noun ends with one of ``speaker_nouns`` ("Regierung", "Kirchenleitung")
    no_speaker_nouns: frozenset[str] = frozenset()
    work_nouns: tuple[str, ...] = ()  # heads of works' names, also of compounds ("Haftbefehl-Doku", "Fernsehfilm")
    abstract_endings: tuple[str, ...] = ()
    speaker_nouns: tuple[str, ...] = ()
    # word pairs that open a surname and look like a preposition and an article ("von der" of "Von der Leyen")
    name_particles: frozenset[tuple[str, str]] = frozenset()
    # verbs that give a name its role ("Eva Roth ist Ministerin")
    copulas: frozenset[str] = frozenset()
    # the expletive subject of a judgement and the copulas it stands next to ("Es ist wichtig, dass …", "Für sie
    # war es klar, dass …"): the "dass" clause is the writer's statement, not reported speech ("es wird befürchtet,
    # dass" is a passive of a speech verb and stays one)
    expletive: frozenset[str] = frozenset()
    judgement_copulas: frozenset[str] = frozenset()
    # first-person pronouns: outside quotation marks only a quoted speaker uses them ("wir", "mich")
    first_person: frozenset[str] = frozenset()
    # nouns of speech whose genitive names the speaker ("die Reaktion der Kirchenleitung")
    speech_nouns: frozenset[str] = frozenset()
    # the ending of a name in the genitive: "Sprecher Merkels" names Merkel's spokesman, not a speaker "Merkels"
    genitive_suffix: str = ""
    # the word that marks an infinitive ("zu"), also inside a particle verb ("zurückzutreten"): a comma clause that
    # ends in one after a speech verb reports what someone announced ("kündigte an, … zurückzutreten")
    infinitive_marker: str = ""
    # past participles ("gesagt", "mitgeteilt"): with one as the cue, the finite verb is an auxiliary before it
    participle: re.Pattern[str] | None = None
    # verb forms that after a third-person pronoun mark reported speech whatever the verb ("Er schäme sich")
    konjunktiv_after_pronoun: re.Pattern[str] | None = None
