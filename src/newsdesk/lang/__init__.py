"""Per-language knowledge (rules, lexicons, trained models): one sub-package per language code."""
