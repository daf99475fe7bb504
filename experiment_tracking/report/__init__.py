"""Renderers: Markdown report, console summary, JSON and SARIF."""
