"""English language knowledge."""
