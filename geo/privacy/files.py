"""Files that hold personal data are readable by their owner only.

A directory made for such files gets mode 0700 and a file 0600, whatever the process umask
says. SQLite gives its ``-wal`` and ``-shm`` companions the mode of the database file, so
creating the database file 0600 before SQLite opens it covers all three.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

DIR_MODE = 0o700
FILE_MODE = 0o600


def private_dir(path: Path) -> Path:
    """Make ``path`` (and missing parents) and leave ``path`` itself at mode 0700."""
    path.mkdir(parents=True, exist_ok=True)
    _tighten(path, DIR_MODE)
    return path


def private_file(path: Path) -> Path:
    """Create ``path`` empty if missing, in a 0700 directory; either way leave it at 0600.

    Something else at ``path`` (a directory, say) is left alone for its user to report.
    """
    private_dir(path.parent)
    if not path.exists():
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, FILE_MODE))
    if path.is_file():
        _tighten(path, FILE_MODE)
    for companion in (path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        if companion.exists():
            _tighten(companion, FILE_MODE)
    return path


def _tighten(path: Path, mode: int) -> None:
    # Only what we own can be changed; a shared directory someone else set up stays as it is.
    info = path.stat()
    if info.st_uid == os.geteuid() and stat.S_IMODE(info.st_mode) != mode:
        os.chmod(path, mode)
