"""Output writer: JSON Lines records, to a file or stdout.

A file is written under a temporary name beside it and renamed into place only
when the writer closes without error, so a crash never leaves a half-written
output that looks complete.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from pantau.record import Record, dumps


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


class JsonlWriter:
    """``with JsonlWriter(path) as out: out.write(record)``; ``path`` "-" is stdout."""

    def __init__(self, path: str | Path):
        self.path = str(path)
        self.count = 0
        self._file: IO[str] | None = None
        self._tmp_path: str | None = None

    def __enter__(self) -> JsonlWriter:
        if self.path == "-":
            self._file = sys.stdout
        else:
            target = Path(self.path)
            if target.is_dir():
                raise IsADirectoryError(f"{self.path} is a directory")
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, self._tmp_path = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp",
                                                  dir=target.parent)
            os.chmod(self._tmp_path, 0o666 & ~_umask())  # mkstemp's 0600 is too strict
            self._file = os.fdopen(fd, "w", encoding="utf-8", newline="\n")
        return self

    def write(self, record: Record | dict[str, Any]) -> None:
        self.write_json(record.to_json() if isinstance(record, Record) else dumps(record))

    def write_json(self, line: str) -> None:
        """Write one record already serialised by ``Record.to_json``."""
        assert self._file is not None, "use JsonlWriter as a context manager"
        self._file.write(line + "\n")
        if self._tmp_path is None:  # stdout: a reader downstream sees each record at once
            self._file.flush()
        self.count += 1

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if self._file is None or self._tmp_path is None:  # stdout: nothing to move
            return
        self._file.close()
        if exc_type is None:
            os.replace(self._tmp_path, self.path)
        else:
            os.unlink(self._tmp_path)
