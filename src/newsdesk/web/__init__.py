"""newsdesk in the browser: ``create_app`` builds the web app of ``newsdesk serve``; ``newsdesk.report`` writes the
same pages as one self-contained HTML file."""

from newsdesk.web.app import create_app

__all__ = ["create_app"]
