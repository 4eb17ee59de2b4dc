"""English knowledge for quotation detection (read by ``newsdesk.analysis.quotes``).

Kept deliberately small: newsdesk is German first, English must keep working. Covered: direct quotes with a frame
before or after them ('"…," she said', '"…," said John Smith', 'Smith said: "…"'), reported clauses after speech
verbs ('He said that …', 'She said the talks had failed') and "according to X". English has no Konjunktiv, so free
indirect speech is not detected.
"""

from __future__ import annotations

from newsdesk.lang.quote_lexicon import QuoteLexicon


def _words(text: str) -> frozenset[str]:
    """A word list written as one space-separated string (easier to read and extend than a set literal)."""
    return frozenset(text.split())

_VERBS = (
    "say says said saying tell tells told add adds added explain explains explained state states stated write writes "
    "wrote written ask asks asked note notes noted argue argues argued insist insists insisted warn warns warned "
    "claim claims claimed announce announces announced report reports reported declare declares declared reply "
    "replies replied stress stresses stressed confirm confirms confirmed acknowledge acknowledged admit admitted "
    "admits deny denies denied suggest suggests suggested believe believes believed predict predicted "
    "recall recalled recalls describe described describes tweeted posted"
)
SPEECH_VERBS = _words(_VERBS)
SAY_CORE = _words(
    "say says said tell tells told add adds added explain explained state stated write wrote note noted argue "
    "argued insist insisted warn warned claim claimed announce announced report reported declare declared "
    "believe believed"
)

LEXICON = QuoteLexicon(
    speech_verbs=SPEECH_VERBS,
    say_core=SAY_CORE,
    particle_verbs={},
    konjunktiv=frozenset(),
    konjunktiv_weak=frozenset(),
    complementizers=frozenset({"that", "whether"}),
    attribution_prefix=frozenset(),
    attribution_postfix=frozenset(),
    source_noun=None,
    source_preposition=frozenset(),
    self_source=frozenset(),
    so_frame=frozenset(),
    as_frame=frozenset({"as"}),
    anaphoric_source=frozenset(),
    impersonal=frozenset({"it", "there"}),
    pronouns={"he": "m", "she": "f", "they": "n"},
    determiners=_words("the a an his her their its this that these those our my"),
    np_linkers=frozenset({"of", "for", "and", "at"}),
    np_stop=_words(
    "in on at to from with by about after before during on in was were is are has have had will would "
        "also however then now today yesterday on monday tuesday wednesday thursday friday saturday sunday "
        "not that who which when while as according"
),
    relative_pronouns=frozenset({"who", "which", "that"}),
    not_speaker=_words("it there this that what who which the a an"),
    adverbs=_words("also then later earlier however again further on today yesterday"),
    auxiliaries=_words("has have had was were is are will would can could should did does do"),
    subordinators=_words("when while as after before because although if since"),
    prepositions=_words("in on at to from with by about after before during for of under over"),
    role_suffixes=(
        "spokesman", "spokeswoman", "spokesperson", "minister", "president", "chancellor", "secretary",
        "director", "chief", "leader", "ambassador", "dictator", "governor", "senator", "mayor", "official",
        "chairman", "chairwoman", "ceo", "general", "commander", "prosecutor", "judge", "lawyer", "analyst",
    ),
    titles=frozenset({"Mr.", "Mrs.", "Ms.", "Dr.", "Prof.", "Sir", "Lord", "Gen.", "Sen.", "Rep.", "Gov."}),
    title_nouns=None,
    so_called=None,
    nouns_capitalised=False,
    attribution_prefix_pairs=frozenset({("according", "to")}),
    definite=frozenset({"the"}),
    object_pronouns=frozenset({"him", "her", "them", "reporters"}),
    coordinators=frozenset({"and", "but", "or"}),
)
