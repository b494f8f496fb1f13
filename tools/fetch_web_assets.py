"""Fetch the book's JavaScript (MathJax) into _vendor/.

The versions, download addresses and sha512 integrity hashes are pinned in
``tools/web_assets.json``. A tarball is downloaded from the npm registry only when its files are
not already in place; its hash is checked before anything is extracted. Run by ``make book`` and
``make test`` before the build; the folder is not committed.

Usage: ``python tools/fetch_web_assets.py [--check]`` (``--check`` only reports what is missing).
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import sys
import tarfile
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MANIFEST = ROOT / "tools" / "web_assets.json"
VENDOR = ROOT / "_vendor"


def _stamp(asset: dict) -> Path:
    return VENDOR / f".{asset['name'].replace('/', '_')}-{asset['version']}"


def _verify(data: bytes, integrity: str) -> None:
    algorithm, expected = integrity.split("-", 1)
    digest = base64.b64encode(hashlib.new(algorithm, data).digest()).decode()
    if digest != expected:
        raise SystemExit(f"error: integrity check failed for a downloaded tarball ({algorithm} {digest} != {expected})")


def fetch(asset: dict) -> None:
    try:
        with urllib.request.urlopen(asset["tarball"], timeout=120) as response:
            data = response.read()
    except (urllib.error.URLError, TimeoutError) as err:
        raise SystemExit(f"error: cannot download {asset['name']} {asset['version']} from the npm registry ({err})") from None
    _verify(data, asset["integrity"])
    skip = tuple(asset.get("skip_suffixes", []))
    skip_contains = asset.get("skip_contains", [])
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
        for member in tar.getmembers():
            if not member.isfile() or (skip and member.name.endswith(skip)):
                continue
            if any(part in member.name for part in skip_contains):
                continue
            for prefix, target in asset["extract"].items():
                if member.name == prefix or (prefix.endswith("/") and member.name.startswith(prefix)):
                    relative = target + member.name[len(prefix):] if prefix.endswith("/") else target
                    destination = (VENDOR / relative).resolve()
                    if VENDOR.resolve() not in destination.parents:
                        raise SystemExit(f"error: {member.name} would be written outside {VENDOR}")
                    destination.parent.mkdir(parents=True, exist_ok=True)
                    destination.write_bytes(tar.extractfile(member).read())


def main(argv: list[str]) -> int:
    assets = json.loads(MANIFEST.read_text())["assets"]
    missing = [a for a in assets if not _stamp(a).exists()]
    if "--check" in argv:
        for asset in missing:
            print(f"missing: {asset['name']} {asset['version']}")
        return 1 if missing else 0
    VENDOR.mkdir(parents=True, exist_ok=True)
    for asset in missing:
        print(f"fetching {asset['name']} {asset['version']} into {VENDOR.relative_to(ROOT)}/")
        fetch(asset)
        _stamp(asset).touch()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
