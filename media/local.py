"""The media store on local disk: the embedded deployment, whose API serves the files at ``/media/{key}``."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable, Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from media.errors import MediaUnavailable
from media.keys import is_valid_key, public_url
from media.store import StoredObject

if TYPE_CHECKING:
    from instagraph.settings import Settings

_FILE_MODE = 0o644
"""Objects are public images: a web server in front of the folder, running as another user, may read them."""


class LocalMediaStore:
    """Each object a file at ``root/<key>``; only keys :func:`media.keys.is_valid_key` accepts become paths.

    Args:
        root: the folder (made if missing).
        public_base: the URL the files are served under (``/media`` by the API).
    """

    def __init__(self, root: Path, public_base: str) -> None:
        self.root = root
        self._public_base = public_base
        root.mkdir(parents=True, exist_ok=True)

    @classmethod
    def from_settings(cls, settings: Settings) -> LocalMediaStore:
        """The store at ``settings.media_url`` (``file:///absolute/folder``)."""
        url = urlsplit(settings.media_url)
        if url.netloc not in ("", "localhost"):
            raise ValueError(f"INSTAGRAPH_MEDIA_URL: {settings.media_url!r} is not an absolute file:/// URL")
        return cls(Path(url.path), settings.media_public_url)

    def path_of(self, key: str) -> Path | None:
        """Where ``key``'s file is (whether or not it exists), or ``None`` for a key that is not ours."""
        return self.root / key if is_valid_key(key) else None

    def put(self, key: str, data: bytes, content_type: str = "image/jpeg") -> None:
        path = self._path(key)
        try:
            _write_atomically(path, data)
        except OSError as error:
            raise MediaUnavailable(f"The media folder {self.root} refused to store {key}: {error}") from error

    def delete(self, keys: Iterable[str]) -> None:
        paths = [self._path(key) for key in keys]  # all checked before anything is removed
        try:
            for path in paths:
                path.unlink(missing_ok=True)
        except OSError as error:
            raise MediaUnavailable(f"The media folder {self.root} refused to delete: {error}") from error

    def exists(self, key: str) -> bool:
        return self._path(key).is_file()

    def list(self) -> Iterator[StoredObject]:
        """Every file under a valid key; temporary files of writes in progress (or cut short) are not objects."""
        for path in self.root.rglob("*"):
            key = path.relative_to(self.root).as_posix()
            if not is_valid_key(key):
                continue
            try:
                stat = path.stat()
            except FileNotFoundError:  # deleted while we walked
                continue
            modified = datetime.fromtimestamp(stat.st_mtime, timezone.utc).replace(tzinfo=None)
            yield StoredObject(key, stat.st_size, modified)

    def url(self, key: str) -> str:
        return public_url(self._public_base, key)

    def ping(self) -> None:
        try:
            tempfile.TemporaryFile(dir=self.root).close()
        except OSError as error:
            raise MediaUnavailable(f"The media folder {self.root} cannot be written: {error}") from error

    def _path(self, key: str) -> Path:
        path = self.path_of(key)
        if path is None:
            raise ValueError(f"not a media key: {key!r}")
        return path


def _write_atomically(path: Path, data: bytes) -> None:
    """Write a temporary file beside ``path``, flush it to disk, then rename it over ``path``.

    Readers see the whole object or none, and so does the folder after a crash:
    the rename is atomic, and both the file and the rename are synced first.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".part")
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temporary, _FILE_MODE)  # mkstemp makes it readable by its owner only
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
    _fsync_folder(path.parent)


def _fsync_folder(folder: Path) -> None:
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
