"""Which reader reads which file: the formats and the file extensions that choose them.

Its own module so the URL fetcher (``readers.url``) and the dispatcher (``readers``) can both use it
without importing each other.
"""

# Extension -> reader format. Anything else is sniffed from the first bytes.
EXTENSIONS = {
    ".pdf": "pdf",
    ".docx": "docx",
    ".docm": "docx",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".md": "markdown",
    ".markdown": "markdown",
    ".txt": "text",
    ".text": "text",
}
FORMATS = ("pdf", "docx", "html", "markdown", "text")
