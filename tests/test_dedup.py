"""MinHash signatures and LSH band keys: pure functions, checked on hand-made texts."""

from __future__ import annotations

from newsdesk import dedup

TEXT = (
    "Der Deich an der Velme ist in der Nacht zum Montag auf einer Länge von vierzig Metern gebrochen. Rund 1.200 "
    "Menschen mussten ihre Häuser in Lindenau verlassen, teilte der Landkreis mit. Die Feuerwehr war mit mehr als "
    "dreihundert Kräften im Einsatz, Hubschrauber retteten Bewohner von den Dächern des Ortsteils Auwiesen."
)


def test_dedup_signature_is_deterministic_and_sized() -> None:
    sig = dedup.signature(TEXT)
    assert sig == dedup.signature(TEXT.upper()) and sig is not None
    assert len(sig) == 4 * dedup.NUM_PERM
    assert len(dedup.band_keys(sig)) == dedup.BANDS
    assert all(-(2**63) <= key < 2**63 for key in dedup.band_keys(sig))


def test_dedup_lightly_edited_copy_is_above_the_threshold_and_a_rewrite_below() -> None:
    edited = TEXT.replace("Rund 1.200 Menschen mussten", "Etwa 1.200 Bewohner mussten") + " Die Lage bleibt ernst."
    rewrite = (
        "In Lindenau hat die Velme einen Deich durchbrochen. Mehr als tausend Einwohner wurden in Sicherheit "
        "gebracht; Helfer holten Menschen per Hubschrauber aus Auwiesen."
    )
    original = dedup.signature(TEXT)
    assert dedup.estimated_jaccard(original, dedup.signature(edited)) >= dedup.COPY_JACCARD
    assert dedup.estimated_jaccard(original, dedup.signature(rewrite)) < 0.2
    assert set(dedup.band_keys(original)) & set(dedup.band_keys(dedup.signature(edited)))


def test_dedup_short_texts_have_no_signature() -> None:
    assert dedup.signature("Hallo Welt") is None
    assert dedup.signature("") is None


def test_signed_is_the_signature_with_its_band_keys() -> None:
    text = " ".join(f"Wort{n}" for n in range(dedup.MIN_WORDS + 5))
    sig, bands = dedup.signed(text)
    assert sig == dedup.signature(text) and bands == dedup.band_keys(sig)
    assert dedup.signed("zu kurz") == (None, [])
