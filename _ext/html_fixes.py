"""Sphinx extension: fixes applied to every built page after the build.

1. Jupyter Book 1 emits sphinx-thebe's and sphinx-togglebutton's inline configuration scripts
   twice, so every page declares ``const THEBE_JS_URL`` twice and the browser reports
   "Identifier 'THEBE_JS_URL' has already been declared" on every page. The first of identical
   inline script lines in each page's ``<head>`` is kept.
2. Figures are compressed: every PNG in ``_images/`` is re-encoded with a 256-colour palette
   (plots have few colours; the result is about a third of the size and looks the same), kept
   only when smaller.
3. Docutils marks the bibliography as ``role="list"`` whose entries have the deprecated role
   ``doc-biblioentry``, so screen readers (and axe-core's aria-required-children rule) find a
   list without list items. The entries get ``role="listitem"``.

4. Lighter pages. The theme loads Font Awesome twice: its stylesheet already carries the icon
   font that draws every icon, and ``fontawesome.js`` (530 KB gzip, the largest file of every
   page) replaces the same icons with SVG. The script is dropped. MathJax (260 KB gzip) is
   kept only on pages that have math to typeset. Figures load as the reader scrolls to them.

Nothing else in the page changes.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

_INLINE = re.compile(r"^\s*<script>[^<]*</script>\s*$")


def dedupe_head(text: str) -> str:
    """Return the page with repeated inline script lines removed from its head."""
    head_end = text.find("</head>")
    if head_end < 0:
        return text
    seen: set[str] = set()
    kept = []
    for line in text[:head_end].splitlines(keepends=True):
        if _INLINE.match(line):
            key = line.strip()
            if key in seen:
                continue
            seen.add(key)
        kept.append(line)
    return "".join(kept) + text[head_end:]


def compress_png(data: bytes) -> bytes:
    """The PNG re-encoded with an adaptive 256-colour palette, if that is smaller."""
    from PIL import Image

    with Image.open(io.BytesIO(data)) as image:
        palette = image.convert("RGB").quantize(
            colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE
        )
        out = io.BytesIO()
        palette.save(out, format="PNG", optimize=True)
    smaller = out.getvalue()
    return smaller if len(smaller) < len(data) else data


_FONTAWESOME_JS = re.compile(r'[ \t]*<script[^>]*src="[^"]*/fontawesome\.js[^"]*"[^>]*></script>\n?')
_MATHJAX = re.compile(
    r'[ \t]*<script[^>]*>\s*window\.MathJax = [^<]*</script>\n?'
    r'|[ \t]*<script[^>]*src="[^"]*mathjax/tex-mml-chtml\.js[^"]*"[^>]*></script>\n?'
)


_FIGURE_IMG = re.compile(r'<img (?![^>]*\bloading=)(?=[^>]*src="[^"]*_images/)')


def lighten(text: str) -> str:
    """Drop the redundant Font Awesome script, MathJax where there is no math, and let the
    browser load a page's figures as the reader scrolls to them (``loading="lazy"``)."""
    text = _FONTAWESOME_JS.sub("", text)
    text = _FIGURE_IMG.sub('<img loading="lazy" ', text)
    if 'class="math' not in text:
        text = _MATHJAX.sub("", text)
    return text


def fix_bibliography_roles(text: str) -> str:
    """Give bibliography entries the list-item role their list requires."""
    return text.replace('role="doc-biblioentry"', 'role="listitem"')


def _build_finished(app: Any, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    for image in (Path(app.outdir) / "_images").glob("*.png"):
        data = image.read_bytes()
        smaller = compress_png(data)
        if smaller is not data:
            image.write_bytes(smaller)
    for page in Path(app.outdir).rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        new = lighten(fix_bibliography_roles(dedupe_head(text)))
        if new != text:
            page.write_text(new, encoding="utf-8")


def setup(app: Any) -> dict[str, Any]:
    app.connect("build-finished", _build_finished)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
