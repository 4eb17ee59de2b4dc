"""Scraped text made safe to store and show: what reaches the desk is plain Unicode text, never a terminal command.

Every source is hostile: a record may carry lone surrogates (invalid in UTF-8, they break language id and the
database insert), terminal escape sequences (a title that retitles the terminal window or hides text) or markup in
a metadata field (``<img onerror=…>`` as an author). ``ingest.build_article`` passes every field of an article
through here, so the rest of newsdesk can rely on plain text.
"""

from __future__ import annotations

import html
import re

__all__ = ["markup_without_control_references", "plain_field", "plain_text"]

#: ESC-introduced sequences as terminals read them: CSI (colours, cursor moves), OSC (window title, hyperlinks,
#: ended by BEL or ST), and the two-character forms. Removed whole, so no ``[31m`` residue is left behind.
_ESCAPE_SEQUENCE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC, possibly unterminated
    r"|\x1b[P^_X][^\x1b]*(?:\x1b\\)?"  # DCS, PM, APC, SOS
    r"|\x1b[@-Z\\-_]?"  # the rest, and a lone ESC
    r"|\x9b[0-?]*[ -/]*[@-~]"  # 8-bit CSI
)
#: C0 and C1 control characters other than tab and newline, DEL, and lone UTF-16 surrogates.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]|[\ud800-\udfff]")
_LINE_BREAK = re.compile(r"\r\n?|[\u2028\u2029\x85]")
_TAG = re.compile(r"<(script|style)\b.*?(?:</\1\s*>|$)|<[A-Za-z/!?][^<>]*>", re.IGNORECASE | re.DOTALL)
_SPACE = re.compile(r"\s+")
_NUMERIC_REFERENCE = re.compile(r"&#(?:[xX]([0-9a-fA-F]{1,8})|([0-9]{1,10}));?")


def plain_text(text: str) -> str:
    """``text`` without escape sequences, control characters or lone surrogates; line breaks become ``\\n``.

    A lone surrogate becomes U+FFFD (the replacement character), so the damage stays visible where it was.
    """
    text = _LINE_BREAK.sub("\n", text)
    text = _ESCAPE_SEQUENCE.sub("", text)
    return _CONTROL.sub(lambda match: "\ufffd" if "\ud800" <= match.group() <= "\udfff" else "", text)


def plain_field(value: str | None) -> str | None:
    """A one-line metadata value (author, outlet, title) as plain text: markup and escapes removed, entities
    decoded, whitespace collapsed; ``None`` when nothing is left."""
    if value is None:
        return None
    text = _SPACE.sub(" ", _TAG.sub(" ", html.unescape(_TAG.sub(" ", plain_text(value))))).strip()
    return plain_text(text) or None


def markup_without_control_references(markup: str) -> str:
    """HTML or XML without numeric character references to control characters, surrogates or code points past
    U+10FFFF (``&#x1b;``, ``&#0;``): parsers turn them into characters that XML forbids, and lxml then refuses
    the tree mid-extraction. Every other reference is left for the parser."""
    def keep(match: re.Match[str]) -> str:
        hexadecimal, decimal = match.groups()
        code = int(hexadecimal, 16) if hexadecimal else int(decimal)
        if code > 0x10FFFF or _CONTROL.fullmatch(chr(code)) or code in (0xFFFE, 0xFFFF):
            return ""
        return match.group()

    return _NUMERIC_REFERENCE.sub(keep, markup)
