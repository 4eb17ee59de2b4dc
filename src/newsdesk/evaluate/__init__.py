"""Built-in evaluations: each module reads a public corpus layout, runs a newsdesk stage and scores it."""
