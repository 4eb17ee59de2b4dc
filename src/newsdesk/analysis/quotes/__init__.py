"""Quotations and reported speech: who said what, with exact offsets (language-neutral engine).

``find_quotes(text, language="de")`` returns ``Quote`` records for
- direct quotes in quotation marks („…“, »…«, "…", “…”), with the speaker taken from the frame around them
  ("X sagte: „…“", "„…“, sagte X", "„…“, erklärte am Mittwoch X", "„…“, so X", "Schlagzeile – X: „…“") or, for a
  quote standing alone, from the previous quote, else (an interview) from the person named in the sentence before;
- partial quotes: a quoted fragment inside a sentence that reports speech ("nannte das Abkommen ein „…“");
- indirect speech: a complement clause after a speech verb ("X erklärte, dass …", "Er sagte, die Lage sei ernst"),
  a clause before a postposed frame ("…, habe X gesagt", "…, teilte X mit", "…, so X"; "Sagt X." after it), and
  attributions ("laut X …", "X zufolge …", "nach Angaben von X …", "wie X berichtete, …");
- free indirect speech: a sentence in the Konjunktiv that continues the previous quote's speaker, or opens with a
  pronoun that refers back to one ("Er schäme sich."); in texts that lost their quotation marks, a sentence in the
  first person right after a quote continues it.
Names of works, newsletters and slogans in quotation marks ("der Newsletter „…“", "„…“ erscheint freitags") are none;
so are facts, findings and open questions ("X verhinderte, dass …", "Tests ergaben, dass …", "X prüft, ob …"),
definitions ("Sonntag heißt hier: …"), a Konjunktiv inside a relative clause and, without a cue, a Konjunktiv II
alone (a condition: "Mit dem Titel stünde die Stadt …"). An attribution inside a relative or subordinate clause,
or between semicolons, vouches for that clause only; reported content ends where narration in the indicative goes
on ("er sei müde, dabei klingt er …"); a dateline ("Wien/London –") is neither speaker nor content.

Why rules: no German quotation model ships offline, and the cues are few and well studied (speech verbs,
Konjunktiv, attribution phrases); rules are fast, explainable and tunable on the Wikinews corpus and the 10kGNAD
real-text set. All language knowledge lives in ``newsdesk/lang/<code>/quotes.py`` as a ``QuoteLexicon``
(:mod:`newsdesk.lang.quote_lexicon`).

A speaker is a person, an organisation, a role noun phrase or a pronoun resolved to one of them: a phrase must be a
noun phrase (cut at the first verb: "Streeck [nannte sie …]"), and one headed by an adverb ("Umso"), a work title
("Film"), an abstract noun ("Lage") or opening with a preposition is none. Speakers are resolved with a small
salience model: role + name mentions ("der russische Präsident Wladimir Putin"), named speakers and, when given,
person and organisation entities from a NER (a role given in an apposition or by "ist" counts); a pronoun goes to
the most recent compatible person ("sie" also to an organisation) and a definite role noun ("die Ministerin") to the
most recent person with that role.

Layout: ``model`` (the records and each language's lexicon), ``speakers`` (the token view and speaker phrases),
``clauses`` (token-range helpers: trimming, Konjunktiv, relative clauses), ``frames`` (what one sentence says about
speech), ``finder`` (the reader over all sentences).
"""

from newsdesk.analysis.quotes.finder import find_quotes
from newsdesk.analysis.quotes.model import Quote, QuoteType

__all__ = ["Quote", "QuoteType", "find_quotes"]
