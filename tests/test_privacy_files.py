"""Files holding personal data are created owner-only (geo.privacy.files)."""

from __future__ import annotations

import os
import stat

from geo.privacy.files import private_dir, private_file


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_new_file_is_0600_in_a_0700_directory_whatever_the_umask(tmp_path):
    old = os.umask(0o022)
    try:
        db = private_file(tmp_path / "var" / "gladsaxe.sqlite3")
    finally:
        os.umask(old)
    assert mode(db) == 0o600
    assert mode(db.parent) == 0o700


def test_existing_world_readable_files_are_tightened(tmp_path):
    folder = tmp_path / "var"
    folder.mkdir(mode=0o755)
    db = folder / "x.sqlite3"
    db.write_text("")
    wal = folder / "x.sqlite3-wal"
    wal.write_text("")
    os.chmod(db, 0o644)
    os.chmod(wal, 0o644)
    private_file(db)
    assert (mode(folder), mode(db), mode(wal)) == (0o700, 0o600, 0o600)


def test_private_dir_creates_parents(tmp_path):
    assert mode(private_dir(tmp_path / "a" / "b")) == 0o700
