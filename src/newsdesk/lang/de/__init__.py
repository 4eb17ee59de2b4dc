"""German language knowledge."""
