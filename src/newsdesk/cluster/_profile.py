"""The comparison core shared by documents, events and stories.

A ``Profile`` is what is compared: a document is a profile with one member, an event is the decayed centroid of its
documents' profiles, a story the centroid of its events'. ``compare`` is the only similarity function; the event
clusterer, ``score_pair`` and the story linker call it with different ``Weights``, so "same event" means the same
thing for ``newsdesk compare`` as for clustering.
"""

from __future__ import annotations

import math
import sys
from array import array
from collections.abc import Callable, Iterable, Iterator, Set
from dataclasses import dataclass, field
from datetime import date
from operator import itemgetter, mul
from typing import Any, NamedTuple

import numpy as np

from newsdesk.cluster._dates import PartialDate, dates_agree
from newsdesk.cluster.features import ENTITY_ID_MARK, strongest

__all__ = ["ENTITY_ID_SHARE", "Evidence", "Profile", "SparseIndex", "Weights", "best_match", "compare", "prune_names",
           "retrieve", "score", "weigh_names"]


class Weights(NamedTuple):
    """How measured signals combine into one score (see ``OnlineEventClusterer`` for the meaning of each)."""

    text: float
    entities: float
    numbers: float
    dates: float
    date_gap: float
    language: float
    threshold: float
    steepness: float
    gap_grace_days: float
    gap_scale_days: float
    size: float = 0.0
    coverage: float = 0.0


@dataclass(frozen=True, slots=True)
class Evidence:
    """Why a document was (or was not) put into an event: the numbers behind the decision.

    score (float): Final score in [0, 1]; 0.5 is the decision boundary (at or above: same event).
    components (dict[str, float]): Each measured signal: ``text``, ``entities``, ``numbers`` (cosines in [0, 1];
        between two languages ``text`` is at least ``entities``, see ``note``),
        ``dates`` (+1 same day named, -1 different days named, 0 nothing to compare), ``date_gap`` (0 … 1 penalty
        for publication dates far apart), ``language`` (1 same language), ``size`` (log of the event's size, for
        the size penalty), ``linear`` (weighted sum before the logistic squashing).
    shared_terms (tuple[tuple[str, float], ...]): Strongest shared terms with their contribution to ``text``.
    shared_entities / shared_numbers (tuple[str, ...]): Names and figures both sides mention.
    date_agreement (str): The date reasoning in words.
    candidate (str | None): The event (or story) compared against; ``None`` when nothing was comparable.
    note (str): Anything else worth knowing (e.g. why an empty document got its own event).
    """

    score: float
    components: dict[str, float] = field(default_factory=dict)
    shared_terms: tuple[tuple[str, float], ...] = ()
    shared_entities: tuple[str, ...] = ()
    shared_numbers: tuple[str, ...] = ()
    date_agreement: str = ""
    candidate: str | None = None
    note: str = ""


def _norm(vector: dict[str, float]) -> float:
    return math.sqrt(sum(v * v for v in vector.values()))


def _prune(vector: dict[str, float], keep: int) -> dict[str, float]:
    if len(vector) <= keep:
        return vector
    return dict(strongest(vector, keep))


#: How much an analysis entity id weighs in a document's name vector, against a name read from the text with the
#: same TF-IDF: the names already count each mention, the id adds that the analysis knows them as one entity. At
#: full weight names count twice, and reports of one story's other events (the seeds' Putin-Kim letter exchanges)
#: join its event; at a third, the ids only tip reports that share little else.
ENTITY_ID_SHARE = 0.3


def prune_names(vector: dict[str, float], keep: int, *, id_share: float = 1.0) -> dict[str, float]:
    """The ``keep`` strongest names read from the text and, apart from them, the ``keep`` strongest entity ids
    (weighed ``id_share`` times as much): ids stand beside the names and must not crowd them out (a report in
    another language meets only the names)."""
    ids = {k: v * id_share for k, v in vector.items() if k.startswith(ENTITY_ID_MARK)}
    if not ids:
        return _prune(vector, keep)
    names = {k: v for k, v in vector.items() if not k.startswith(ENTITY_ID_MARK)}
    return {**_prune(names, keep), **_prune(ids, keep)}


def weigh_names(vector: dict[str, float], keep: int) -> dict[str, float]:
    """A document's names as its profile holds them: ``prune_names`` with ids at ``ENTITY_ID_SHARE``."""
    return prune_names(vector, keep, id_share=ENTITY_ID_SHARE)


def _prune_days(days: dict[PartialDate, float], keep: int) -> dict[PartialDate, float]:
    """The most often named days; ties broken by the date itself (missing parts sort first)."""
    if len(days) <= keep:
        return days
    ranked = sorted(days.items(), key=lambda kv: (-kv[1], kv[0].year or 0, kv[0].month or 0, kv[0].day or 0))
    return dict(ranked[:keep])


@dataclass(slots=True)
class Profile:
    """Sparse vectors plus dates and languages of one document or of a group of them.

    terms / entities / numbers: IDF-weighted vectors (unit length for a document; a decayed mean for a group).
    lead_days / days: Day-level date mentions (from title/lead, and from anywhere) with counts.
    first / last: Earliest and latest known publication date.
    """

    terms: dict[str, float]
    entities: dict[str, float]
    numbers: dict[str, float]
    lead_days: dict[PartialDate, float]
    days: dict[PartialDate, float]
    languages: dict[str, int]
    first: date | None
    last: date | None
    size: int = 1
    norms: tuple[float, float, float] = (0.0, 0.0, 0.0)
    has_ids: bool = False  # whether any name key is an analysis entity id (``ENTITY_ID_MARK``)

    def __post_init__(self) -> None:
        self._intern_keys()
        self._measure()

    def _measure(self) -> None:
        self.norms = (_norm(self.terms), _norm(self.entities), _norm(self.numbers))
        self.has_ids = any(key.startswith(ENTITY_ID_MARK) for key in self.entities)

    def to_data(self) -> dict[str, Any]:
        """The profile as JSON-ready data (how a desk saves its events and stories); ``from_data`` reads it back.
        Weights keep every digit (JSON floats round-trip exactly), so a reloaded desk continues exactly as it was."""
        return {
            "terms": self.terms, "entities": self.entities, "numbers": self.numbers,
            "lead_days": [[*day, count] for day, count in self.lead_days.items()],
            "days": [[*day, count] for day, count in self.days.items()],
            "languages": self.languages, "first": _iso(self.first), "last": _iso(self.last), "size": self.size,
        }

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Profile:
        """The profile ``to_data`` saved. Raises ``ValueError``, ``TypeError`` or ``KeyError`` on data of another
        shape (a desk comes from anywhere: its saved state is checked, never trusted)."""
        return cls(_weights(data["terms"]), _weights(data["entities"]), _weights(data["numbers"]),
                   _day_counts(data["lead_days"]), _day_counts(data["days"]),
                   {checked(language, str): checked(count, int) for language, count in data["languages"].items()},
                   _date(data["first"]), _date(data["last"]), checked(data["size"], int))

    def _intern_keys(self) -> None:
        """Make every key one shared string per distinct word. A desk's events and stories hold millions of keys
        but few distinct words (1.56 M keys, 64 k words at 20,000 articles), and each saved group loads its own
        copies; names and figures are new strings per document even in a live process."""
        intern = sys.intern
        self.terms = {intern(k): v for k, v in self.terms.items()}
        self.entities = {intern(k): v for k, v in self.entities.items()}
        self.numbers = {intern(k): v for k, v in self.numbers.items()}

    def copy(self) -> Profile:
        """An independent copy (groups start from their first member's profile and then change)."""
        return Profile(dict(self.terms), dict(self.entities), dict(self.numbers), dict(self.lead_days),
                       dict(self.days), dict(self.languages), self.first, self.last, self.size)

    def absorb(
        self, other: Profile, *, max_effective_size: int, limits: tuple[int, int, int], step: float | None = None
    ) -> None:
        """Move this group's centroid towards ``other`` (a new member).

        The step is 1/n until ``max_effective_size`` members, then stays at 1/max_effective_size: a long-running
        event follows its newest reports instead of freezing on its first ones. A merge of two groups passes its
        own ``step`` (the merged-in group's share of members).
        """
        self.size += other.size
        alpha = 1.0 / min(self.size, max_effective_size) if step is None else step
        vectors = []
        for mine, theirs, keep, prune in zip((self.terms, self.entities, self.numbers), (other.terms, other.entities,
                                             other.numbers), limits, (_prune, prune_names, _prune), strict=True):
            merged = {k: v * (1.0 - alpha) for k, v in mine.items()}
            for k, v in theirs.items():
                merged[k] = merged.get(k, 0.0) + alpha * v
            vectors.append(prune(merged, keep))
        self.terms, self.entities, self.numbers = vectors
        for mine_days, their_days in ((self.lead_days, other.lead_days), (self.days, other.days)):
            for day, count in their_days.items():
                mine_days[day] = mine_days.get(day, 0.0) + count
        self.lead_days = _prune_days(self.lead_days, 20)
        self.days = _prune_days(self.days, 40)
        for language, count in other.languages.items():
            self.languages[language] = self.languages.get(language, 0) + count
        known = [d for d in (self.first, self.last, other.first, other.last) if d is not None]
        if known:
            self.first, self.last = min(known), max(known)
        self._measure()

    def top_keys(self, n_terms: int, n_entities: int) -> list[tuple[str, float]]:
        """The strongest terms and names, as (index key, weight); used to post and to query the inverted index."""
        terms = strongest(self.terms, n_terms)
        names = strongest(self.entities, n_entities)
        return [("t:" + k, v) for k, v in terms] + [("e:" + k, v) for k, v in names]


def checked(value: Any, kind: type) -> Any:
    """``value`` if it is a ``kind`` (``True`` is no ``int`` here), else ``TypeError``: saved state is read with
    checks, as a desk may come from anyone."""
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
        raise TypeError(f"expected {kind.__name__}, found {type(value).__name__}")
    return value


def checked_strings(values: Any) -> list[str]:
    """A list of strings from saved state, checked."""
    return [checked(value, str) for value in checked(values, list)]


def _number(value: Any) -> float:
    return float(value if isinstance(value, float) else checked(value, int))


def _weights(data: dict[str, Any]) -> dict[str, float]:
    return {key: _number(weight) for key, weight in checked(data, dict).items()}


def _day_counts(data: list[Any]) -> dict[PartialDate, float]:
    """``[[year, month, day, count], …]`` (parts may be null) as ``Profile.lead_days`` / ``days``."""
    days = {}
    for year, month, day, count in checked(data, list):
        parts = [part if part is None else checked(part, int) for part in (year, month, day)]
        days[PartialDate(*parts)] = _number(count)
    return days


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None


def _date(text: str | None) -> date | None:
    return date.fromisoformat(checked(text, str)) if text is not None else None


_NOTHING_SHARED: frozenset[str] = frozenset()


def _cosine_shared(
    a: dict[str, float], b: dict[str, float], norm_a: float, norm_b: float
) -> tuple[float, Set[str]]:
    """The cosine and the keys it rests on."""
    if not a or not b or norm_a <= 0.0 or norm_b <= 0.0:
        return 0.0, _NOTHING_SHARED
    shared = a.keys() & b.keys()  # the products are summed by map, not a generator: the hottest loop of placing
    return min(1.0, sum(map(mul, map(a.__getitem__, shared), map(b.__getitem__, shared))) / (norm_a * norm_b)), shared


def _cosine(a: dict[str, float], b: dict[str, float], norm_a: float, norm_b: float) -> float:
    return _cosine_shared(a, b, norm_a, norm_b)[0]


def _coverage(sizes: tuple[int, int], names_a: dict[str, float], norm_a: float, names_b: dict[str, float],
              norm_b: float) -> float:
    """Share of the smaller side's name weight that the other side also names (both ways for equal sizes), over
    the names compared (``_compared_names``, with their norms).

    A report of the same event names the event's actors and places; the first report of a *similar* event leads
    with a new name ("Lohan" into a "Reid" rehab event) even when most of its vocabulary is shared.
    """
    if not names_a or not names_b or norm_a <= 0.0 or norm_b <= 0.0:
        return 0.0

    def covered(small: dict[str, float], small_norm: float, large: dict[str, float]) -> float:
        return sum(v * v for k, v in small.items() if k in large) / (small_norm ** 2)

    if sizes[0] == sizes[1]:
        return min(covered(names_a, norm_a, names_b), covered(names_b, norm_b, names_a))
    return covered(names_a, norm_a, names_b) if sizes[0] < sizes[1] else covered(names_b, norm_b, names_a)


def _compared_names(a: Profile, b: Profile) -> tuple[dict[str, float], dict[str, float]]:
    """The name vectors to compare: both whole when both sides, or neither, hold analysis entity ids; else the
    names read from the text only, since the side without ids (a language without an entity model, an article
    stored without analysis) could never share them, and they would only dilute what the two do share."""
    if a.has_ids == b.has_ids:
        return a.entities, b.entities
    return ({k: v for k, v in a.entities.items() if not k.startswith(ENTITY_ID_MARK)},
            {k: v for k, v in b.entities.items() if not k.startswith(ENTITY_ID_MARK)})


def _day_text(day: PartialDate) -> str:
    year = f"{day.year:04d}-" if day.year else ""
    return f"{year}{day.month:02d}-{day.day:02d}"


def _compare_days(a: Profile, b: Profile, *, explain: bool) -> tuple[float, str]:
    """+1 when a day one side leads with is named by the other, -1 when both lead with different days (and, when
    ``explain``, why in words)."""
    for day_a in a.lead_days:
        for day_b in b.days:
            if dates_agree(day_a, day_b):
                return 1.0, f"both name {_day_text(day_a)}" if explain else ""
    for day_b in b.lead_days:
        for day_a in a.days:
            if dates_agree(day_a, day_b):
                return 1.0, f"both name {_day_text(day_b)}" if explain else ""
    if a.lead_days and b.lead_days:
        if not explain:
            return -1.0, ""
        left = ", ".join(sorted(_day_text(d) for d in a.lead_days)[:3])
        right = ", ".join(sorted(_day_text(d) for d in b.lead_days)[:3])
        return -1.0, f"different days named: {left} vs {right}"
    return 0.0, "no day named on both sides"


def _gap_days(a: Profile, b: Profile) -> int | None:
    """Days between the two publication intervals (0 when they overlap); ``None`` when either is unknown."""
    if a.first is None or a.last is None or b.first is None or b.last is None:
        return None
    if a.last < b.first:
        return (b.first - a.last).days
    if b.last < a.first:
        return (a.first - b.last).days
    return 0


def _other_languages(a: Profile, b: Profile) -> bool:
    """Both sides have known languages and share none."""
    return bool(a.languages) and bool(b.languages) and not a.languages.keys() & b.languages.keys()


def _components(a: Profile, b: Profile, weights: Weights, *, explain: bool) -> tuple[dict[str, float], float, str]:
    """Every measured signal, the weighted sum and the date reasoning in words (shared by ``score``/``compare``;
    without ``explain``, only the sum: ``score`` runs for every candidate, and words are wanted for one)."""
    text, shared_terms = _cosine_shared(a.terms, b.terms, a.norms[0], b.norms[0])
    names_a, names_b = _compared_names(a, b)
    norm_a, norm_b = (a.norms[1], b.norms[1]) if names_a is a.entities else (_norm(names_a), _norm(names_b))
    entities, shared_names = _cosine_shared(names_a, names_b, norm_a, norm_b)
    # A likeness that rests on one shared key is no shared subject, however rare the word ("domain" on a placeholder
    # page and in a concert report): words and names count only when two or more keys are shared.
    one_key = len(shared_terms) + len(shared_names) <= 2 and len(shared_terms | shared_names) <= 1
    if one_key:
        text = entities = 0.0
    same_language = bool(a.languages.keys() & b.languages.keys())
    if not same_language and a.languages and b.languages:
        # Across languages the term cosine measures nothing (a report and its translation share few words), while
        # names are spelt alike in every language: the name cosine stands in for the term cosine. Demo corpus, its
        # three English reports of German events: event B-cubed F1 0.740 -> 0.781, stories 0.875 -> 0.923, no
        # wrong join; ECB+ and the seeds, one language each, are unchanged.
        text = max(text, entities)
    coverage = 0.0
    if weights.coverage and not one_key:
        coverage = _coverage((a.size, b.size), names_a, norm_a, names_b, norm_b)
    numbers = _cosine(a.numbers, b.numbers, a.norms[2], b.norms[2]) if weights.numbers else 0.0
    day_score, day_words = _compare_days(a, b, explain=explain) if weights.dates else (0.0, "dates not used")
    gap = _gap_days(a, b)
    gap_penalty = 0.0
    if gap is not None and weights.date_gap:
        gap_penalty = min(1.0, max(0.0, gap - weights.gap_grace_days) / weights.gap_scale_days)
        if explain:
            day_words += f"; published {gap} days apart"
    if gap_penalty and day_score > 0.0:
        # A day named on both sides of reports published weeks apart is the later one recapping the earlier: a
        # settlement report recalls the strike's day. The agreement fades as the gap penalty grows. Demo corpus:
        # the dated Talbahn settlement reports no longer join the strike, event B-cubed F1 0.781 -> 0.810, stories
        # 0.923 -> 0.951. ECB+: train 0.855 -> 0.852 (one report split off), dev 0.892 unchanged; a refit of the
        # weights with it moves no coefficient by more than 0.04.
        day_score *= 1.0 - gap_penalty
        if explain:
            day_words += " (so the shared day counts as a recap)" if day_score == 0.0 else " (shared day weighs less)"
    language = 1.0 if same_language else 0.0
    size = math.log(b.size) if b.size > 1 else 0.0
    linear = (
        weights.text * text
        + weights.entities * entities
        + weights.coverage * coverage
        + weights.numbers * numbers
        + weights.dates * day_score
        - weights.date_gap * gap_penalty
        + weights.language * language
        - weights.size * size
    )
    if not explain:
        return {}, linear, ""
    components = {
        "text": text,
        "entities": entities,
        "coverage": coverage,
        "numbers": numbers,
        "dates": day_score,
        "date_gap": gap_penalty,
        "language": language,
        "size": size,
    }
    return components, linear, day_words


def _squash(linear: float, weights: Weights) -> float:
    return 1.0 / (1.0 + math.exp(-weights.steepness * (linear - weights.threshold)))


def score(a: Profile, b: Profile, weights: Weights) -> float:
    """The score ``compare`` would report, without building its evidence (the per-candidate hot path)."""
    return _squash(_components(a, b, weights, explain=False)[1], weights)


def compare(a: Profile, b: Profile, weights: Weights, *, candidate: str | None = None) -> Evidence:
    """Score how likely ``a`` and ``b`` report the same happening (or, with story weights, the same subject)."""
    components, linear, day_words = _components(a, b, weights, explain=True)
    text = components["text"]
    shared = strongest(
        {k: v * b.terms[k] / (a.norms[0] * b.norms[0]) for k, v in a.terms.items() if k in b.terms}, 8
    ) if text else []
    return Evidence(
        score=round(_squash(linear, weights), 6),
        components={**{k: round(v, 4) for k, v in components.items()}, "linear": round(linear, 4)},
        shared_terms=tuple((k, round(v, 4)) for k, v in shared),
        shared_entities=_shared_names(a, b),
        shared_numbers=tuple(sorted(k for k in a.numbers if k in b.numbers)[:10]),
        date_agreement=day_words,
        candidate=candidate,
        note=_pair_note(a, b),
    )


def _shared_names(a: Profile, b: Profile) -> tuple[str, ...]:
    """Up to ten names both sides hold: names read from the text first, then entity ids (without their mark)."""
    names_a, names_b = _compared_names(a, b)
    shared = sorted((k.startswith(ENTITY_ID_MARK), k) for k in names_a if k in names_b)[:10]
    return tuple(k.removeprefix(ENTITY_ID_MARK) for _, k in shared)


def _pair_note(a: Profile, b: Profile) -> str:
    """What a reader of the evidence should know beyond the figures: that names stood in for words (two languages),
    that the one word or name in common was not counted."""
    notes = []
    if _other_languages(a, b):
        notes.append("different languages: the name similarity stands in for the term similarity")
    names_a, names_b = _compared_names(a, b)
    shared = (a.terms.keys() & b.terms.keys()) | (names_a.keys() & names_b.keys())
    if len(shared) == 1:
        notes.append(f"only one word or name in common ({next(iter(shared))}): one key is no shared subject, so "
                     "words and names count nothing")
    return "; ".join(notes)


class SparseIndex:
    """Inverted index from strong terms/names to groups, bounded so lookups never scan every group.

    Each posting list keeps only the ``posting_cap`` most recently updated groups, and one query reads at most
    ``16 * posting_cap`` postings: keys with the shortest lists (the rarest, most telling ones) first, newest groups
    first within a list. So the cost of a query is bounded however many groups exist, and what a full budget leaves
    out are old groups under common words.

    A posting list is an array of group numbers (``int64``, oldest first; each group id gets a number when first
    posted), not a dict of ids: a query then sums the weights of a thousand postings with numpy instead of a
    thousand dict updates (a third faster at 60,000 articles), and the postings take less than half the memory
    (64 MiB -> 27 MiB at 60,000 articles).
    """

    def __init__(self, *, posting_cap: int) -> None:
        self.posting_cap = posting_cap
        self.budget = 16 * posting_cap
        self.postings: dict[str, array[int]] = {}
        self._numbers: dict[str, int] = {}
        self._ids: list[str] = []
        #: Keys posted to since the last ``take_changed``: what an incremental save of the index must write.
        self.changed: set[str] = set()

    def _number(self, group_id: str) -> tuple[int, bool]:
        """The group's number, and whether it was new (a new group is in no posting list yet)."""
        number = self._numbers.get(group_id)
        if number is not None:
            return number, False
        number = self._numbers[group_id] = len(self._ids)
        self._ids.append(group_id)
        return number, True

    def post(self, group_id: str, keys: list[tuple[str, float]]) -> None:
        number, new = self._number(group_id)
        cap = self.posting_cap
        for key, _ in keys:
            posting = self.postings.get(key)
            if posting is None:
                posting = self.postings[key] = array("q")
            elif not new and number in posting:
                posting.remove(number)
            posting.append(number)
            if len(posting) > cap:
                del posting[0]
            self.changed.add(key)

    def groups(self, key: str) -> list[str]:
        """The group ids posted under ``key``, oldest first."""
        return list(map(self._ids.__getitem__, self.postings.get(key, ())))

    def take_changed(self) -> list[tuple[str, list[str]]]:
        """(key, group ids oldest first) of every posting list changed since the last call, which it forgets."""
        changed, self.changed = self.changed, set()
        return [(key, self.groups(key)) for key in sorted(changed)]

    def restore(self, postings: Iterable[tuple[str, list[str]]]) -> None:
        """Put back posting lists saved from ``take_changed`` (into an empty index)."""
        for key, groups in postings:
            self.postings[key] = array("q", [self._number(group_id)[0] for group_id in groups])

    def query(self, keys: list[tuple[str, float]]) -> Iterator[tuple[str, float]]:
        """Groups sharing at least one key, with the summed query weight of the keys they share: best first, ties
        in the order met (keys by list length, then key; newest group first within a list)."""
        found = [(len(p), key, weight, p) for key, weight in keys if (p := self.postings.get(key))]
        if not found:
            return iter(())
        found.sort(key=itemgetter(0, 1))
        read = array("q")  # the postings read, newest first within each list
        weights, takes = [], []
        budget = self.budget
        for length, _, weight, posting in found:
            take = min(length, budget)
            read.extend(posting[::-1] if take == length else posting[:length - take - 1:-1])
            weights.append(weight)
            takes.append(take)
            budget -= take
            if not budget:
                break
        numbers, first, inverse = np.unique(np.frombuffer(read, dtype=np.int64), return_index=True,
                                            return_inverse=True)
        # bincount adds each group's weights in posting order, as a loop over the lists would: the same sums
        sums = np.bincount(inverse, weights=np.repeat(weights, takes))
        order = np.lexsort((first, -sums))
        ids = self._ids
        return ((ids[number], weight) for number, weight in zip(numbers[order].tolist(), sums[order].tolist()))


def retrieve(
    index: SparseIndex,
    profile: Profile,
    lookup: Callable[[str], Profile | None],
    *,
    n_terms: int,
    n_entities: int,
    window_days: int,
    limit: int,
    exclude: str | None = None,
) -> list[str]:
    """At most ``limit`` groups sharing strong keys with ``profile``, best first by shared-key weight.

    Groups whose publication dates lie more than ``window_days`` from the profile's are dropped (only when both
    sides have dates: an undated report may belong anywhere), and so are ``exclude`` and groups ``lookup`` no
    longer knows (merged away: the index forgets them lazily, as their postings age out).
    """
    chosen: list[str] = []
    # lookups and date checks only until enough candidates are found
    for group_id, _ in index.query(profile.top_keys(n_terms, n_entities)):
        other = lookup(group_id)
        if other is None or group_id == exclude:
            continue
        if (
            profile.first is not None
            and profile.last is not None
            and other.first is not None
            and other.last is not None
            and max((other.first - profile.last).days, (profile.first - other.last).days) > window_days
        ):
            continue
        chosen.append(group_id)
        if len(chosen) == limit:
            break
    return chosen


def best_match(
    profile: Profile, candidates: list[str], lookup: Callable[[str], Profile | None], weights: Weights
) -> Evidence | None:
    """Evidence against the best-scoring candidate (cheap scores for all, full evidence for the winner only)."""
    best_id, best_profile, best_score = None, None, -1.0
    for group_id in candidates:
        other = lookup(group_id)
        if other is None:
            continue
        candidate_score = score(profile, other, weights)
        if candidate_score > best_score:
            best_id, best_profile, best_score = group_id, other, candidate_score
    if best_profile is None:
        return None
    return compare(profile, best_profile, weights, candidate=best_id)
