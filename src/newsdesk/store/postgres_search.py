"""The search queries a desk accepts (SQLite FTS5's syntax: words, "phrases", OR, AND, NOT, prefix*, parentheses),
said as a PostgreSQL ``tsquery``, so that one query means the same on both backends.

Each word is looked up in every text-search configuration the desk uses (German, English, … and ``simple`` for
articles of no known language) and the alternatives joined by OR: an article's words were stemmed in its own
language's configuration, and a query does not say which language it is in. A phrase is read by each
configuration as a whole (``phraseto_tsquery``: a stop word inside it keeps its place but need not match), a
prefix ``word*`` is ``word:*``. FTS5's precedence holds: NOT binds tighter than
AND (also implied between two terms), which binds tighter than OR.

The result is an SQL expression with ``?`` parameters: each word goes to the database as a parameter, never as
SQL text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from newsdesk.store.failures import StoreFailure

_TOKEN = re.compile(
    r'\s+|(?P<phrase>"(?:[^"]|"")*")(?P<phrase_prefix>\*)?|(?P<open>\()|(?P<close>\))|(?P<word>\w+)(?P<prefix>\*)?'
    r"|(?P<other>.)"
)
_OPERATORS = frozenset({"AND", "OR", "NOT"})
#: A text-search configuration's name as ``pg_ts_config`` has it: it goes into the SQL text, so nothing else may.
_CONFIG_NAME = re.compile(r"^[a-z_][a-z0-9_]*$")
#: What FTS5 itself would say of these queries (``store.file``'s hints), in the same words.
_NOT_VALID = "not a valid search query"
_UNCLOSED = "a double quote is not closed"
_QUOTE_HINT = "quote words that contain ':' or '-', e.g. '\"Jong-un\"'"
_PHRASE_HINT = "put phrases in double quotes, e.g. '\"Kim Jong-un\"'"


class QueryError(StoreFailure):
    """A search query outside the accepted syntax; ``reason`` says why."""

    def __init__(self, reason: str) -> None:
        super().__init__("search query", reason, about_the_record=False)


@dataclass(slots=True)
class _Compiler:
    """Turns tokens into an SQL ``tsquery`` expression, recursive descent over FTS5's grammar."""

    tokens: list[tuple[str, str, bool]]
    configs: tuple[str, ...]
    position: int = 0
    parameters: list[str] = field(default_factory=list)

    def peek(self) -> tuple[str, str, bool] | None:
        return self.tokens[self.position] if self.position < len(self.tokens) else None

    def take(self) -> tuple[str, str, bool]:
        token = self.peek()
        if token is None:
            raise QueryError(f"{_NOT_VALID}: it ends where a word or phrase should follow ({_PHRASE_HINT})")
        self.position += 1
        return token

    def any_of(self) -> str:
        """expression := all_of ("OR" all_of)*"""
        parts = [self.all_of()]
        while self.peek() == ("operator", "OR", False):
            self.take()
            parts.append(self.all_of())
        return parts[0] if len(parts) == 1 else "(" + " || ".join(parts) + ")"

    def all_of(self) -> str:
        """all_of := but_not (["AND"] but_not)*: two terms side by side must both match."""
        parts = [self.but_not()]
        while (token := self.peek()) is not None and token[0] != "close" and token[1] not in ("OR", "NOT"):
            if token == ("operator", "AND", False):
                self.take()
            parts.append(self.but_not())
        return parts[0] if len(parts) == 1 else "(" + " && ".join(parts) + ")"

    def but_not(self) -> str:
        """but_not := primary ("NOT" primary)*"""
        expression = self.primary()
        while self.peek() == ("operator", "NOT", False):
            self.take()
            expression = f"({expression} && !!{self.primary()})"
        return expression

    def primary(self) -> str:
        kind, text, prefix = self.take()
        if kind == "open":
            inner = self.any_of()
            if self.peek() is None or self.take()[0] != "close":
                raise QueryError(f"{_NOT_VALID}: a parenthesis is not closed")
            return inner
        if kind == "word":
            return self.word(text, prefix)
        if kind == "phrase":
            return self.phrase(re.findall(r"\w+", text), prefix)
        raise QueryError(f"{_NOT_VALID}: {text!r} where a word or phrase should be ({_PHRASE_HINT})")

    def phrase(self, words: list[str], prefix: bool) -> str:
        """The words next to each other, read by each configuration as a whole, the alternatives joined by OR; with
        ``prefix`` the last word may go on."""
        if not words:
            return "''::tsquery"  # an empty phrase matches nothing, as in FTS5
        if prefix:
            words, last = words[:-1], f"'{words[-1]}':*"
        alternatives = []
        for config in self.configs:
            expression = f"phraseto_tsquery('{config}', ?)" if words else ""
            self.parameters.extend([" ".join(words)] if words else [])
            if prefix:
                self.parameters.append(last)
                last_word = f"to_tsquery('{config}', ?)"
                expression = f"tsquery_phrase({expression}, {last_word})" if words else last_word
            alternatives.append(expression)
        return "(" + " || ".join(alternatives) + ")"

    def word(self, word: str, prefix: bool) -> str:
        """One word in every configuration, the alternatives joined by OR."""
        lexeme = f"'{word}'" + (":*" if prefix else "")  # \w+ holds no quote that could end the lexeme early
        self.parameters.extend(lexeme for _ in self.configs)
        return "(" + " || ".join(f"to_tsquery('{config}', ?)" for config in self.configs) + ")"


def _tokens(query: str) -> list[tuple[str, str, bool]]:
    """(kind, text, prefix) of each token: "word", "phrase", "operator", "open", "close"."""
    tokens = []
    for match in _TOKEN.finditer(query):
        if match["phrase"]:
            tokens.append(("phrase", match["phrase"][1:-1].replace('""', '"'), bool(match["phrase_prefix"])))
        elif match["word"]:
            word, prefix = match["word"], bool(match["prefix"])
            if word == "NEAR" and query[match.end():].lstrip().startswith("("):
                raise QueryError(f"{_NOT_VALID}: NEAR(…) is not available on a PostgreSQL desk; use a phrase")
            kind = "operator" if word in _OPERATORS and not prefix else "word"
            tokens.append((kind, word, prefix))
        elif match["open"] or match["close"]:
            tokens.append(("open" if match["open"] else "close", match[0], False))
        elif match["other"]:
            other = match["other"]
            if other == '"':
                raise QueryError(_UNCLOSED)
            hint = _QUOTE_HINT if other in ":-" else _PHRASE_HINT
            raise QueryError(f"{_NOT_VALID}: {other!r} outside double quotes ({hint})")
    return tokens


def tsquery(query: str, configs: tuple[str, ...]) -> tuple[str, list[str]]:
    """(SQL expression of type ``tsquery``, its parameters) for an FTS5-style ``query``, each word looked up in
    every configuration of ``configs``. Raises ``QueryError`` for a query outside the syntax."""
    unsafe = [config for config in configs if not _CONFIG_NAME.match(config)]
    if unsafe or not configs:
        raise ValueError(f"not text-search configuration names: {unsafe or configs!r}")
    compiler = _Compiler(_tokens(query), configs)
    if not compiler.tokens:
        raise QueryError(f"{_NOT_VALID}: it has no words")
    expression = compiler.any_of()
    if compiler.peek() is not None:
        raise QueryError(f"{_NOT_VALID}: {compiler.peek()[1]!r} where an operator or the end should be "
                         f"({_PHRASE_HINT})")
    return expression, compiler.parameters
