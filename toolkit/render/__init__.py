"""Renderers: Document -> HTML, PDF, DOCX. They never read YAML or evaluate conditions."""

RENDERERS = ("html", "pdf", "docx")
