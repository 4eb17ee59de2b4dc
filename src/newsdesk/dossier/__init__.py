"""The story dossier: what a story is about, computed from what the desk stores.

``build_dossier`` turns a story, its articles and their analysis records into a ``Dossier``: a brief, a timeline,
the actors, who said what, the sources with their flags, and where the articles disagree. One module per part;
``Desk.dossier(story_id)`` gathers the inputs, ``newsdesk dossier STORY`` prints it.
"""

from newsdesk.dossier.build import build_dossier
from newsdesk.dossier.model import (DOSSIER_VERSION, Actor, BriefSentence, Citation, Claim, DateValue, Disagreement,
                                    Dossier, QuoteReport, Role, SourceReport, Speaker, TimelineEntry)

__all__ = ["DOSSIER_VERSION", "Actor", "BriefSentence", "Citation", "Claim", "DateValue", "Disagreement", "Dossier",
           "QuoteReport", "Role", "SourceReport", "Speaker", "TimelineEntry", "build_dossier"]
