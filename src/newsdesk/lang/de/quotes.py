"""German knowledge for quotation and reported-speech detection (read by ``newsdesk.analysis.quotes``).

Everything here is data: speech verbs with their inflected forms, reporting particles, Konjunktiv forms that mark
reported speech, attribution phrases ("laut X", "X zufolge", "nach Angaben von X", "wie X berichtete") and the
word classes the speaker chunker needs. The engine in ``newsdesk.analysis.quotes`` is language-neutral.

Forms are generated from stems instead of listing every inflection, because German verbs are regular enough that a
stem plus a class (weak, inseparable prefix, -ieren) yields the finite and participle forms; strong verbs list their
forms. The lists were grown from the cue words of the Wikinews quotation corpus (train split only) and from the
dev half of the 10kGNAD real-text set (never its test half): role nouns (with those of ``entities.json``), nouns
that never speak, and the words before ", dass" that introduce no report.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from newsdesk.lang.quote_lexicon import QuoteLexicon


def _words(text: str) -> frozenset[str]:
    """A word list written as one space-separated string (easier to read and extend than a set literal)."""
    return frozenset(text.split())


def _weak(stem: str, *, ge: bool = True) -> set[str]:
    """Finite and participle forms of a weak verb: 'sag' -> sage, sagen, sagt, sagte, sagten, gesagt."""
    t = "et" if stem.endswith(("t", "d", "chn", "ffn", "gn")) else "t"
    return {stem + "e", stem + "en", stem + t, stem + t + "e", stem + t + "en", ("ge" if ge else "") + stem + t}


# Verbs that introduce reported speech (and thought/claim verbs the corpus annotates the same way).
# SAY verbs may take a bare comma clause ("sagte, die Lage sei ernst"); all of them take dass-clauses.
_SAY_STEMS = [
    "sag", "erklär", "bestätig", "bericht", "behaupt", "versicher", "verkünd", "beton", "mein",
    "ergänz", "bekräftig", "erläuter", "unterstreich", "beteuer", "äußer", "antwort", "entgegn", "warn",
    "bemerk", "kommentier", "argumentier", "meld", "erzähl", "verlaut", "schilder", "präzisier",
    "beklag", "beanstand", "bemängel", "fürcht", "befürcht", "hoff", "glaub", "vermut", "schätz", "bezweifel",
    "erwart", "kritisier", "dementier", "prognostizier", "signalisier", "informier", "resümier", "konstatier",
    "versprech", "klag", "beschwer", "frag", "bedauer", "erinner", "forder", "verlang", "mahn", "appellier",
    "zitier", "wiederhol", "insistier", "spekulier", "mutmaß", "folger", "urteil", "bezeichn", "begründ",
    "unterricht", "verdächtig", "beschuldig", "bescheinig", "attestier", "beantrag", "erwäg", "vermeld", "plädier",
    "rechtfertig", "bilanzier", "droh", "befürwort", "ankündig", "pranger", "lob", "erwähn", "beharr",
]
_NO_GE = ("er", "be", "ver", "ent", "zer", "über", "unter", "wider")

_SAY: set[str] = set()
for _stem in _SAY_STEMS:
    _SAY |= _weak(_stem, ge=not (_stem.startswith(_NO_GE) or _stem.endswith("ier")))
_SAY -= {"meine", "meinen", "frage", "fragen", "klage", "klagen", "warnen", "melden"}
_SAY |= {
    "schrieb", "schrieben", "schreibt", "schreiben", "geschrieben", "sprach", "sprachen", "spricht", "gesprochen",
    "sprechen",
    "verspricht", "versprach", "versprachen", "versprochen", "rief", "riefen", "gerufen", "wies", "gewiesen",
    "hieß", "heißt", "geheißen", "beschrieb", "beschreibt", "beschrieben", "verriet", "verrät", "verraten",
    "bestritt", "bestreitet", "bestritten", "empfahl", "empfiehlt", "empfohlen", "nannte", "nannten", "nennt",
    "genannt", "dachte", "denkt", "gedacht", "wusste", "weiß", "betonte",
    "meldete", "meldeten", "meldet", "gemeldet", "fragte", "fragten", "gefragt", "hoffte", "hofften", "hofft",
    "meinte", "meinten", "meint", "gemeint", "klagte", "klagten", "warnte", "warnten", "warnt", "gewarnt",
    "zitiert",
    "entschied", "entschieden", "entscheidet", "beschloss", "beschlossen", "beschließt", "hervorgeht", "hervorging",
    "warf", "vorwirft", "vorwarf", "bat", "gebeten", "bittet", "verwies", "verweist",
    "besagt", "besagte", "herausgefunden", "gestand", "gestanden",
    "vorgeschlagen", "schlug", "riet", "geraten", "rät", "verkündete", "schloss",
}

# Separable verbs: finite base form -> particles that must follow in the same clause ("teilte ... mit").
_PARTICLE_VERBS: dict[str, tuple[str, ...]] = {}


def _sep(particles: tuple[str, ...], *bases: str) -> None:
    for base in bases:
        _PARTICLE_VERBS[base] = tuple(sorted(set(_PARTICLE_VERBS.get(base, ())) | set(particles)))


_sep(("mit",), "teilt", "teilte", "teilten", "teilen")
_sep(("an", "bekannt", "zu", "vor"), "gibt", "gab", "gaben", "geben")
_sep(("hin", "zurück"), "weist", "wies", "wiesen")
_sep(("an",), "kündigt", "kündigte", "kündigten", "deutet", "deutete", "deuteten")
_sep(("ein",), "räumt", "räumte", "räumten", "schränkt", "schränkte", "gesteht", "gestand")
_sep(("aus",), "führt", "führte", "führten", "drückt", "drückte")
_sep(("hervor",), "hebt", "hob", "hoben")
_sep(("klar", "fest", "dar", "vor"), "stellt", "stellte", "stellten")
_sep(("hinzu",), "fügt", "fügte", "fügten")
_sep(("aus", "davon aus"), "geht", "ging", "gingen", "gehen")
_sep(("vor",), "wirft", "warf", "warfen", "werfen", "schlägt", "schlug", "schlugen", "sieht", "sah", "sahen")
_sep(("auf",), "fordert", "forderte", "forderten", "ruft", "rief", "riefen")
_sep(("zu",), "sichert", "sicherte", "sicherten", "sagt", "sagte", "sagten")
_sep(("ab",), "lehnt", "lehnte", "lehnten", "streitet", "stritt", "stritten")
_sep(("bekannt",), "macht", "machte", "machten")
_sep(("sich",), "zeigt", "zeigte", "zeigten")
_sep(("an",), "prangert", "prangerte", "prangerten", "merkt", "merkte", "merkten")
_sep(("hervor",), "geht", "ging", "gingen")
_sep(("heraus",), "fanden", "fand", "findet", "stellte", "stellten", "stellt")
_sep(("aus", "nicht aus"), "schloss", "schlossen", "schließt")
_sep(("dar",), "legt", "legte", "legten")

# Participles and infinitives of the separable verbs ("hat mitgeteilt", "wurde bekanntgegeben").
_SAY |= {
    "mitgeteilt", "mitteilte", "mitteilten", "angegeben", "angab", "bekanntgegeben", "bekanntgab", "hingewiesen",
    "zurückgewiesen", "angekündigt", "ankündigte", "eingeräumt", "einräumte", "ausgeführt", "ausführte",
    "hervorgehoben", "klargestellt", "festgestellt", "hinzugefügt", "hinzufügte", "vorgeworfen", "vorwarf",
    "aufgefordert", "aufforderte", "zugesichert", "abgelehnt", "bekanntgemacht", "angedeutet", "vorgeschlagen",
    "geäußert", "eingeschränkt", "zugesagt", "dargestellt", "abgestritten", "dargelegt", "darlegte", "darlegten",
    "hinwies", "zurückwies", "mitteilt", "bekanntgibt",
}

# Cue verbs that take a bare comma clause even in the indicative (the rest need dass/ob or Konjunktiv there).
SAY_CORE = frozenset(
    {f for stem in ("sag", "erklär", "beton", "bestätig", "bericht", "behaupt", "versicher", "ergänz", "bekräftig",
                    "erläuter", "unterstreich", "beteuer", "antwort", "entgegn", "warn", "schätz", "meld", "mein",
                    "glaub", "hoff", "fürcht", "befürcht", "vermut", "erwart", "kritisier", "erzähl", "beklag",
                    "erwähn", "beharr", "bemerk", "resümier")
     for f in _weak(stem, ge=not stem.startswith(_NO_GE) and not stem.endswith("ier"))}
    | {"schrieb", "schrieben", "schreibt", "hieß", "heißt", "geschrieben", "mitgeteilt", "mitteilte", "mitteilten",
       "mitteilt", "bekanntgab", "bekanntgaben", "bekanntgibt", "bekanntgegeben", "einräumte", "einräumten",
       "einräumt", "eingeräumt", "schloss"}
)

SPEECH_VERBS = frozenset(_SAY)
PARTICLE_VERBS = _PARTICLE_VERBS

# Konjunktiv forms that mark reported speech. Konjunktiv I third person singular of frequent verbs, "seien", and
# the Konjunktiv II forms that stand in for it. Precision on the train split (share of sentences carrying the form
# that lie inside an annotated quotation) is >= 0.9 for Konjunktiv I and 0.7-0.9 for wären/hätten/würden/müssten.
_KONJ1_STEMS = [
    "hab", "werd", "könn", "müss", "soll", "woll", "dürf", "mög", "wiss", "geb", "geh", "komm", "steh", "lieg",
    "bleib", "lass", "seh", "halt", "trag", "führ", "zeig", "brauch", "fehl", "gelt", "heiß", "lauf", "handl",
    "handel", "besteh", "plan", "arbeit", "verfüg", "droh", "betrag", "erwart", "befind", "entsprech", "erfolg",
    "leb", "find", "sitz", "mach", "nehm", "bring", "stell", "setz", "leid", "verlier", "gewinn", "wirk",
    "spiel", "treff", "besitz", "beweg", "zähl", "reich", "richt", "sorg", "biet", "schein", "entsteh", "verstoß",
    "verletz", "benötig", "ermöglich", "verhinder", "bedeut", "erreich", "kost", "bestimm", "dien", "stamm",
    "beruh", "zeichn", "verlauf", "funktionier", "existier", "profitier", "reagier", "akzeptier", "respektier",
    "garantier", "riskier", "kontrollier", "unterstütz", "versuch",
]
KONJUNKTIV = frozenset(
    {stem + "e" for stem in _KONJ1_STEMS}
    | {"sei", "seien", "seiest", "habest", "wisse", "tue", "wäre", "wären", "hätte", "hätten", "würden", "würde",
       "müssten", "gäbe", "käme", "kämen", "ginge", "bliebe", "läge", "stünde", "stünden", "bräuchte"}
)
# Konjunktiv II forms: without a cue in the sentence they state a condition as often as they report speech. The
# plural "würden", "hätten", "wären" stand in for the Konjunktiv I, which equals the indicative there.
KONJUNKTIV_CONDITIONAL = _words("wäre hätte würde müssten gäbe käme kämen ginge bliebe läge stünde stünden bräuchte")
# Forms counted only together with another marker or a speech cue (the author also uses them on his own).
KONJUNKTIV_WEAK = frozenset({"würde", "hätte", "wäre"})

COMPLEMENTIZERS = frozenset({"dass", "daß", "ob", "wonach"})

# Attribution phrases. Prefix cues take the source right after them; postfix cues right before them.
ATTRIBUTION_PREFIX = frozenset({"laut", "gemäß", "lt."})
ATTRIBUTION_POSTFIX = frozenset({"zufolge"})
# "nach Angaben (von|des|der) X", "nach eigenen Angaben", "nach Informationen der X", "nach Ansicht von X" ...
SOURCE_NOUN = re.compile(
    r"(?:\w*[Aa]ngaben|\w*[Ii]nformationen|\w*[Aa]ussagen?|\w*[Bb]ericht(?:en?)?|\w*[Mm]eldungen?|Ansicht|Meinung|"
    r"Stellungnahmen?|\w*[Vv]eröffentlichung(?:en)?|\w*[Mm]itteilung(?:en)?|Ankündigung(?:en)?|Erklärung(?:en)?|"
    r"Auffassung|Einschätzung(?:en)?|Schätzungen|Darstellung(?:en)?|Auskunft|Auskünften|Worten|Überzeugung|"
    r"Erkenntnissen|Ermittlungen|Recherchen|Beobachtungen|Zählungen|Berechnungen|Umfragen?|Studien?)"
)
# Source nouns that stand for their source without a genitive ("nach Polizeiangaben", "nach Zeugenaussagen");
# opinion nouns ("nach Ansicht", "nach Meinung") need a holder ("nach Ansicht der Richter", "nach seiner Meinung").
STANDALONE_SOURCE = re.compile(
    r"\w*(?:[Aa]ngaben|[Ii]nformationen|[Bb]erichten|[Aa]ussagen|[Mm]eldungen|[Ss]chätzungen|[Ee]rkenntnissen|"
    r"[Ee]rmittlungen|[Rr]echerchen|[Zz]ählungen|[Bb]erechnungen|[Uu]mfragen)"
)
SOURCE_PREPOSITION = frozenset({"nach"})
# Self-references that make "nach eigenen Angaben" point to the clause subject instead of a named source.
SELF_SOURCE = frozenset({"eigenen", "eigener", "eigenem", "seiner", "seinen", "ihrer", "ihren", "ihrem", "seinem"})

# Postposed frames without a verb: „…“, so X.  / ..., so der Minister weiter.
SO_FRAME = frozenset({"so"})
# "wie X mitteilte/berichtete, …" and ", wie X sagte."
AS_FRAME = frozenset({"wie"})
# Adverbs that refer back to the last source ("Demnach seien …").
ANAPHORIC_SOURCE = frozenset({"demnach"})
# Impersonal frames: "hieß es", "heißt es" (no speaker unless a source phrase is given).
IMPERSONAL = frozenset({"es"})

# Pronouns that can stand for a speaker, with the gender used in resolution ("n": organisations, courts).
PRONOUNS = {"er": "m", "sie": "f", "dieser": "m", "diese": "f", "letzterer": "m", "letztere": "f", "es": "n"}
DETERMINERS = _words(
    "der die das des dem den ein eine einer eines einem einen sein seine seiner seines seinem seinen ihr ihre "
    "ihrer ihres ihrem ihren dieser diese dieses diesem diesen jener jene mehrere einige viele zwei drei beide "
    "alle andere anderen unser unsere"
)
# Prepositions and conjunctions allowed inside a speaker phrase ("der Beauftragte für Datenschutz",
# "Sprecher von Greenpeace", "Die SPD und PDS").
NP_LINKERS = frozenset({"für", "von", "vom", "der", "des", "und", "&", "aus", "in", "im", "beim", "bei", "zur", "zum"})
# Words that end a speaker phrase (adverbs and prepositions that open an adverbial after it).
NP_STOP = _words(
    "am an auf in im bei beim gegenüber vor nach mit zu zum zur über unter seit während wegen laut so wie als "
    "auch zudem jedoch außerdem weiter weiterhin dazu dann nun heute gestern morgen bereits schon aber "
    "allerdings ebenfalls später daraufhin dagegen hingegen noch nicht dies das es sich ihm ihr ihnen uns "
    "dass ob nur doch ja zuletzt erneut zuvor damals indes inzwischen mittlerweile offenbar offensichtlich "
    "gerne lediglich bislang bisher demnach zufolge"
)
RELATIVE_PRONOUNS = _words("der die das dem den deren dessen denen welcher welche welches welchem welchen")
# Words that cannot be a speaker (impersonal subjects, interrogatives, articles on their own).
NOT_SPEAKER = _words(
    "es das dies dieser diese man was wer wo wie der die den dem des ein eine einen am im in auf nach mit bei "
    "von vor zu zum zur für ob dass als und aber denn doch so da dann nun auch heute gestern ich wir"
)
ADVERBS_BEFORE_SUBJECT = _words(
    "dabei darin darauf daraus darüber damit dazu dagegen davon dafür daher deshalb deswegen trotzdem dennoch "
    "hier dort so also jetzt gleichwohl ebenso zugleich stattdessen immerhin vielmehr wiederum "
    "auch zudem jedoch außerdem weiter weiterhin dazu dann nun heute gestern bereits schon aber allerdings "
    "ebenfalls später daraufhin dagegen hingegen noch zuletzt erneut zuvor damals indes inzwischen mittlerweile "
    "offenbar lediglich bislang bisher zunächst anschließend gleichzeitig ferner sogar unterdessen derweil hierzu "
    "hierbei hierauf hierüber überdies nunmehr umso gleich zumal ohnehin eben gerade insbesondere ähnlich "
    "offiziell weder daran darum dadurch davor danach zunächst zwar schade egal ansonsten wobei leider etwa "
    "beispielsweise"
)
AUXILIARIES = _words(
    "hat hatte hatten haben habe hätte hätten ist war waren sind sei seien wurde wurden wird werden werde würde "
    "würden soll sollte sollten sollen will wollte wollten wollen kann konnte konnten können muss musste mussten "
    "müssen ließ ließen lässt"
)
SUBORDINATORS = _words(
    "als weil wenn während nachdem obwohl bevor damit da seit seitdem sobald falls indem ob dass wie um"
)
PREPOSITIONS = _words(
    "am an auf aus bei beim durch für gegen gegenüber hinter im in mit nach neben ohne seit trotz über um unter "
    "von vom vor während wegen zu zum zur zwischen ab bis laut gemäß angesichts aufgrund infolge"
)

# Role nouns: a speaker phrase "der Sprecher", "die Ministerin" is resolved to the nearest earlier full name with
# the same role. Whole words and suffixes of compounds ("Regierungssprecher", "Außenministerin").
ROLE_SUFFIXES = (
    "sprecher", "sprecherin", "minister", "ministerin", "präsident", "präsidentin", "kanzler", "kanzlerin", "chef",
    "chefin", "leiter", "leiterin", "direktor", "direktorin", "vorsitzende", "vorsitzender", "sekretär",
    "sekretärin", "botschafter", "botschafterin", "diktator", "machthaber", "staatschef", "führer", "führerin",
    "experte", "expertin", "trainer", "trainerin", "anwalt", "anwältin", "beauftragte", "beauftragter",
    "kommissar", "kommissarin", "bürgermeister", "bürgermeisterin", "manager", "managerin", "politiker",
    "politikerin", "abgeordnete", "abgeordneter", "senator", "senatorin", "könig", "königin", "papst", "premier",
    "premierminister", "regierungschef", "regierungschefin", "general", "kommandeur", "richter",
    "richterin", "staatsanwalt", "staatsanwältin", "gouverneur", "gouverneurin", "autor", "autorin",
    "wissenschaftler", "wissenschaftlerin", "forscher", "forscherin", "analyst", "analystin", "ökonom",
    "ökonomin", "vize", "stellvertreter", "stellvertreterin", "funktionär", "funktionärin", "aktivist",
    "aktivistin", "kandidat", "kandidatin", "kapitän", "pilot", "arzt", "ärztin", "professor", "professorin",
    "bischof", "kardinal", "oberhaupt", "staatsoberhaupt", "monarch", "fürst", "prinz", "prinzessin", "admiral",
    "chefredakteur", "gründer", "gründerin", "inhaber", "inhaberin", "eigentümer",
    "korrespondent", "korrespondentin", "reporter", "reporterin", "redakteur", "redakteurin", "moderator",
    "moderatorin", "journalist", "journalistin", "intendant", "intendantin", "rektor", "rektorin", "dekan", "dekanin",
    "pfarrer", "pfarrerin", "präses", "bischöfin", "superintendent", "superintendentin", "landrat", "landrätin",
    "geschäftsführer", "geschäftsführerin", "vorstand", "ermittler", "ermittlerin", "virologe", "virologin",
    "epidemiologe", "epidemiologin", "mediziner", "medizinerin", "historiker", "historikerin", "soziologe",
    "soziologin", "psychologe", "psychologin", "jurist", "juristin", "berater", "beraterin", "regisseur",
    "regisseurin", "schauspieler", "schauspielerin", "sänger", "sängerin", "musiker", "musikerin", "rapper",
    "rapperin", "künstler", "künstlerin", "schriftsteller", "schriftstellerin", "unternehmer", "unternehmerin",
    "kritiker", "kritikerin", "vertreter", "vertreterin", "mitarbeiter", "mitarbeiterin", "ökonomen",
)
# The entity layer's role nouns (lang/de/entities.json) count too, so both layers agree on who holds an office.
_ENTITY_ROLES = json.loads((Path(__file__).with_name("entities.json")).read_text(encoding="utf-8"))
ROLE_SUFFIXES = tuple(dict.fromkeys(
    ROLE_SUFFIXES + tuple(role.lower() for role in _ENTITY_ROLES["roles"]) + tuple(_ENTITY_ROLES["role_endings"])))

# Speaker phrases: a noun that never speaks ends the search for a speaker ("Umso wichtiger …", "Der Film zeigt …",
# "Die Lage sei ernst"). Works and media formats, documents, abstract and time nouns; abstract nouns by ending,
# except those ending in a noun for a body of people ("Bundesregierung", "Kirchenleitung", "Redaktion").
WORK_NOUNS = ("film", "doku", "dokumentation", "serie", "buch", "roman", "song", "album", "video", "podcast",
              "newsletter", "titel", "motto", "slogan", "hashtag", "sendung", "reportage")
NO_SPEAKER_NOUNS = _words(
    "folge lied lage grund ziel frage problem thema fall sache zeit jahr tag woche monat ende anfang beginn mitte "
    "abschluss teil hälfte weg schritt rolle kampf spiel preis wert zahl prozent euro dollar angaben informationen "
    "zahlen daten bilanz plan idee ansicht meinung kritik text satz wort worte begriff sinn zweck hintergrund "
    "nähe debatte motiv schlappe niederlage sieg erfolg streit"
)
ABSTRACT_ENDINGS = ("ung", "heit", "keit", "tion", "sion", "tät", "nis", "ismus")
SPEAKER_NOUNS = (
    "regierung", "opposition", "organisation", "delegation", "koalition", "fraktion", "redaktion", "nation",
    "institution", "administration", "kommission", "mission", "universität", "leitung", "führung", "verwaltung",
    "vertretung", "stiftung", "vereinigung", "versammlung", "bewegung", "zeitung", "direktion", "bündnis",
)
# Nouns of speech whose genitive is the speaker ("die Reaktion der Kirchenleitung", "die Antwort des Ministers").
SPEECH_NOUNS = _words(
    "reaktion antwort stellungnahme erklärung mitteilung botschaft kommentar kritik forderung warnung appell "
    "urteil entscheidung worte aussage"
)
TITLES = frozenset({"Dr.", "Prof.", "Dr", "Prof", "Sir", "Lord", "Herr", "Frau", "Scheich", "Mr.", "Mrs.", "Ms.", "Von",
                    "Van"})
# A surname opening with "Von der", "van den" is a name, not a prepositional phrase ("Von der Leyen sagte").
NAME_PARTICLES = frozenset({("von", "der"), ("van", "der"), ("van", "den"), ("von", "den"), ("de", "la")})

# Nouns that announce a name or title in quotation marks, which is then no quotation ("Motto „…“", "Typs „…“").
TITLE_NOUNS = re.compile(
    r"(?:Motto|Titel|Namen?|Slogan|Typs?|Modell|Operation|Aktion|Projekt|Programm|Sendung|Film|Filme?s|Buch|"
    r"Roman|Album|Lied|Song|Single|Stück|Theaterstück|Serie|Kampagne|Zeitung|Magazins?|Zeitschrift|Blatt|"
    r"Fachblatt|Fachzeitschrift|Wochenzeitung|Tageszeitung|Nachrichtenmagazin|Organisation|Gruppe|Partei|"
    r"Bündnis|Initiative|Verein|Unternehmen|Firma|Marke|Schiff|Mission|Sonde|Rakete|Satellit|Preis|Festival|"
    r"Ausstellung|Bezeichnung|Begriff|Schlagwort|Stichwort|Wort|Ausdruck|Spitznamen?|Künstlernamen|Newsletter|"
    r"Podcast|Format|Reihe|Rubrik|Doku|Dokumentation|Hashtag|Kolumne|Blog)\w*$"
)
SO_CALLED = re.compile(r"(?:so\s*genannt|sogenannt)\w*$")

# Words just before ", dass" that introduce no reported speech (found on the train split: "führte dazu, dass",
# "so heftig, dass", "die Tatsache, dass", "deuteten darauf hin, dass").
DASS_EXCLUDE = _words(
    "dazu dafür daran hin ab mal es ist sind war werden wurde haben sein tatsache möglichkeit umstand zeit gefahr "
    "voraussetzung bedingung ziel weise grund dadurch sodass sorgen sorgte sorgt sicherzustellen erreichen "
    "verhindern führen führte unklar offen eingestellt auszugehen verdanken zugerechnet deutlich nur kontrolle "
    "aufgedeckt vorgekommen besonders vermieden frage darum klar unklar üblich sache hinzu man bewies damit darin "
    "verhindert verhinderte verhindern überprüfen überprüft prüfen prüft entscheiden entscheidet tragen kommt "
    "leichter"
)
# Verbs whose "dass"/"ob" clause is a fact, a finding or an open question, not reported speech, when no speech verb
# frames the sentence ("Der Torwart verhinderte, dass …", "Tests ergaben, dass …", "Die Behörde prüft, ob …").
FACT_VERBS = _words(
    "verhindert verhinderte verhinderten verhindern sorgt sorgte sorgten gesorgt ermöglicht ermöglichte "
    "ermöglichten bewirkt bewirkte ergab ergaben ergibt ergeben erfuhr erfuhren erfahren prüft prüfte prüfen "
    "geprüft überprüft überprüfte überprüfen untersucht untersuchte untersuchen klärt klärte klären entscheiden"
)
# Words before a capitalised quotation that make it a quoted expression rather than a name ("als „Skandal“").
PREDICATIVE = _words("als ein eine einen einem einer eines kein keine keinen von vom wie zu zur zum")

TIME_WORDS = _words(
    "ende anfang mitte später zuvor danach wochen woche tage tag monate monat jahre jahr stunden montag dienstag "
    "mittwoch donnerstag freitag samstag sonntag januar februar märz april mai juni juli august september oktober "
    "november dezember morgens abends nachmittag vormittag"
)

LEXICON = QuoteLexicon(
    speech_verbs=SPEECH_VERBS,
    say_core=SAY_CORE,
    particle_verbs=PARTICLE_VERBS,
    konjunktiv=KONJUNKTIV,
    konjunktiv_weak=KONJUNKTIV_WEAK,
    complementizers=COMPLEMENTIZERS,
    attribution_prefix=ATTRIBUTION_PREFIX,
    attribution_postfix=ATTRIBUTION_POSTFIX,
    source_noun=SOURCE_NOUN,
    source_preposition=SOURCE_PREPOSITION,
    self_source=SELF_SOURCE,
    so_frame=SO_FRAME,
    as_frame=AS_FRAME,
    anaphoric_source=ANAPHORIC_SOURCE,
    impersonal=IMPERSONAL,
    pronouns=PRONOUNS,
    determiners=DETERMINERS,
    np_linkers=NP_LINKERS,
    np_stop=NP_STOP,
    relative_pronouns=RELATIVE_PRONOUNS,
    not_speaker=NOT_SPEAKER,
    adverbs=ADVERBS_BEFORE_SUBJECT,
    auxiliaries=AUXILIARIES,
    subordinators=SUBORDINATORS,
    prepositions=PREPOSITIONS,
    role_suffixes=ROLE_SUFFIXES,
    titles=TITLES,
    title_nouns=TITLE_NOUNS,
    so_called=SO_CALLED,
    nouns_capitalised=True,
    dass_exclude=DASS_EXCLUDE,
    fact_verbs=FACT_VERBS,
    modal_verbs=_words("kann können konnte konnten darf dürfen durfte durften muss müssen musste mussten"),
    impersonal_verbs=_words("heißt hieß geheißen"),
    konjunktiv_conditional=KONJUNKTIV_CONDITIONAL,
    origin_prepositions=frozenset({"aus"}),
    quantifiers=_words("mehrere einige viele zwei drei beide beiden alle andere anderen"),
    time_words=TIME_WORDS,
    predicative=PREDICATIVE,
    standalone_source=STANDALONE_SOURCE,
    genitive_openers=_words("des der eines einer von vom seines seiner ihres ihrer dieses dieser"),
    agent_prepositions=frozenset({"von", "vom"}),
    place_prepositions=frozenset({"in", "im", "auf"}),
    role_linkers=frozenset({"in", "im", "bei", "beim", "aus"}),
    definite=frozenset({"der", "die", "dieser", "diese"}),
    object_pronouns=frozenset({"sich", "ihm", "ihr", "ihnen"}),
    coordinators=_words("und aber denn doch oder sondern"),
    anaphoric_content=_words("das dies dieses"),
    oblique_determiners=_words("dem den des einem einen eines diesem diesen seinem seinen seines ihrem ihren ihres"),
    consecutive=frozenset({"so", "derart", "dermaßen", "solche"}),
    feminine_suffix="in",
    adjective_endings=("e", "en", "er", "es", "em"),
    no_speaker_nouns=NO_SPEAKER_NOUNS,
    work_nouns=WORK_NOUNS,
    abstract_endings=ABSTRACT_ENDINGS,
    speaker_nouns=SPEAKER_NOUNS,
    speech_nouns=SPEECH_NOUNS,
    name_particles=NAME_PARTICLES,
    copulas=_words("ist war wird wurde bleibt"),
    expletive=frozenset({"es"}),
    judgement_copulas=_words("ist war sei wäre"),
    first_person=_words("ich mich mir wir uns unser unsere unseren unserem unserer unseres"),
    genitive_suffix="s",
    infinitive_marker="zu",
    # "gesagt", "mitgeteilt", "geschrieben"; "-te(n)" is the past tense
    participle=re.compile(r"ge.*|.*t|.*(?<!t)en"),
    # Konjunktiv I of the third person ("schäme", "wisse"): "-e", not the past tense "-te"
    konjunktiv_after_pronoun=re.compile(r".{2,}[^t]e"),
)
