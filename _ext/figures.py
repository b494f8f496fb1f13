"""Sphinx extension: every figure of a notebook gets the alt text its cell computed.

A figure cell ends with ``plotting.show(fig, alt=f"...")``: the alt text is formatted from the
values the cell computed, and stored in the metadata of the figure's ``image/png`` output
(MyST-NB reads only ``width`` and ``height`` from there). This extension reads the notebook,
matches each stored PNG to the image node MyST-NB made of it (MyST-NB names the image file by
the SHA-256 of its bytes) and sets the node's ``alt``. So the alt text of the HTML book is the
one the code wrote, never a hand-typed copy in the cell's metadata.
"""

from __future__ import annotations

import hashlib
import json
from binascii import a2b_base64
from pathlib import Path
from typing import Any


def computed_alts(notebook: dict[str, Any]) -> dict[str, str]:
    """SHA-256 of each PNG output's bytes -> the alt text stored with it."""
    alts: dict[str, str] = {}
    for cell in notebook.get("cells", []):
        for output in cell.get("outputs", []) or []:
            png = (output.get("data") or {}).get("image/png")
            alt = ((output.get("metadata") or {}).get("image/png") or {}).get("alt")
            if png and alt:
                text = png if isinstance(png, str) else "".join(png)
                alts[hashlib.sha256(a2b_base64(text)).hexdigest()] = alt
    return alts


def _set_alts(app: Any, doctree: Any) -> None:
    from docutils import nodes

    path = Path(app.env.doc2path(app.env.docname))
    if path.suffix != ".ipynb":
        return
    alts = computed_alts(json.loads(path.read_text(encoding="utf-8")))
    if not alts:
        return
    for image in doctree.findall(nodes.image):
        digest = Path(image.get("uri", "")).stem
        if digest in alts:
            image["alt"] = alts[digest]


def setup(app: Any) -> dict[str, Any]:
    app.connect("doctree-read", _set_alts)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
