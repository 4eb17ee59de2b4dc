"""Recipes that newsdesk uses to train its own models from ../shared/datasets (see training/*/config.cfg)."""
