"""Rewrite the EPUB that Sphinx made so that two builds give the same bytes.

Sphinx stamps every zip member with the time it was written. The rewritten archive keeps
the members and their order (``mimetype`` first and stored, as the EPUB standard asks),
and gives every member the date of the last commit.
"""

from __future__ import annotations

import time
import zipfile
from pathlib import Path

ZIP_EPOCH = 315532800  # 1980-01-01, the earliest date a zip member can carry


def normalise_epub(source: Path, target: Path, epoch: int) -> None:
    stamp = time.gmtime(max(epoch, ZIP_EPOCH))[:6]
    with zipfile.ZipFile(source) as old:
        names = old.namelist()
        ordered = ["mimetype"] + [name for name in names if name != "mimetype"]
        with zipfile.ZipFile(target, "w") as new:
            for name in ordered:
                info = zipfile.ZipInfo(name, date_time=stamp)
                info.external_attr = 0o644 << 16
                if name == "mimetype":
                    info.compress_type = zipfile.ZIP_STORED
                else:
                    info.compress_type = zipfile.ZIP_DEFLATED
                new.writestr(info, old.read(name), compresslevel=9)
