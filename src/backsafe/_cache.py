"""A per-user cache of what backsafe builds from its own data: safe to lose, never trusted.

Building the default catalog and the default pack from their TOML and JSON files is most
of the time of a short command (``backsafe check plan.json``). The built values are
pickled to a file in the user's cache directory and read back on later runs, under three
guards:

* **Never stale.** Each entry is stored with its key: a fingerprint of everything the
  value is built from: the Python version; the size and modification time of every
  module of backsafe and of attrs and cattrs (as the import system checks bytecode);
  a hash of the contents of the data files it is built from; and what the caller adds
  (the pack's origin and version). An entry whose key differs is never unpickled.
* **Never trusted.** Unpickling runs code, so an entry is read only from a directory and
  a file the user owns that no one else may write (on POSIX systems), and only when its
  checksum matches.
* **Never in the way.** Any problem (no home directory, a read-only or full disk, a
  corrupt, truncated or foreign file) makes the caller build the value as if there were
  no cache; writing happens atomically, so concurrent processes never see half a file.

``BACKSAFE_CACHE_DIR`` chooses the directory (default: the platform's user cache
directory, ``backsafe`` in ``$XDG_CACHE_HOME`` or ``~/.cache`` on Linux);
``BACKSAFE_NO_CACHE`` set to anything but empty or ``0`` turns the cache off.
"""

from __future__ import annotations

import importlib.util
import io
import os
import pickle
import stat
import sys
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path
from typing import Any, Protocol

try:  # BLAKE2b as hashlib gives it, without loading OpenSSL (a millisecond a run)
    from _blake2 import blake2b as _hash
except ImportError:  # pragma: no cover - a Python without the _blake2 module
    from hashlib import blake2b as _hash

__all__ = [
    "CACHE_DIR_VARIABLE",
    "NO_CACHE_VARIABLE",
    "cache_dir",
    "cache_disabled",
    "contents",
    "fingerprint",
    "load",
    "store",
]

#: The environment variable that chooses the cache directory.
CACHE_DIR_VARIABLE = "BACKSAFE_CACHE_DIR"
#: The environment variable that turns the cache off (any value but empty or ``0``).
NO_CACHE_VARIABLE = "BACKSAFE_NO_CACHE"

#: The first bytes of a cache file; the number changes with the layout of the file.
_MAGIC = b"backsafe-cache 2\n"
_DIGEST_SIZE = 64
_PACKAGE_DIR = Path(__file__).resolve().parent
#: Packages whose code shapes the cached values besides backsafe's own.
_DEPENDENCIES = ("attr", "attrs", "cattrs") + (("tomli",) if sys.version_info < (3, 11) else ())


class Readable(Protocol):
    """A file whose bytes can be read: a `pathlib.Path`, or a package resource."""

    def read_bytes(self) -> bytes: ...


PersistentId = Callable[[Any], "str | None"]
PersistentLoad = Callable[[str], Any]


def cache_disabled() -> bool:
    """Whether ``BACKSAFE_NO_CACHE`` is set (to anything but empty or ``0``)."""
    return os.environ.get(NO_CACHE_VARIABLE, "") not in ("", "0")


def cache_dir() -> Path | None:
    """The directory of backsafe's cache files, or ``None`` when there is none to use."""
    chosen = os.environ.get(CACHE_DIR_VARIABLE, "")
    if chosen:
        # A relative path would read whatever cache the current directory holds (a
        # cloned repository's, say): only an absolute one is used.
        return Path(chosen) if os.path.isabs(chosen) else None
    if sys.platform == "win32":  # pragma: no cover - not run on the CI
        base = os.environ.get("LOCALAPPDATA", "")
        return Path(base, "backsafe", "Cache") if base else None
    if sys.platform == "darwin":  # pragma: no cover - not run on the CI
        home = Path.home()
        return home / "Library" / "Caches" / "backsafe"
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    if xdg and os.path.isabs(xdg):
        return Path(xdg, "backsafe")
    try:
        return Path.home() / ".cache" / "backsafe"
    except RuntimeError:  # no home directory
        return None


def _stat_key(path: str) -> str:
    info = os.stat(path)
    return f"{info.st_size}:{info.st_mtime_ns}"


def _modules(directory: str, top: str) -> list[str]:
    """``relative-path=size:mtime`` of every Python module under ``directory``, sorted."""
    found: list[str] = []
    _scan(directory, directory[len(top) :].lstrip(os.sep), found)
    return sorted(found)


def _scan(directory: str, prefix: str, found: list[str]) -> None:
    with os.scandir(directory) as entries:
        for entry in entries:
            name = entry.name
            if name.endswith(".py") and entry.is_file():
                info = entry.stat()
                found.append(f"{prefix}{name}={info.st_size}:{info.st_mtime_ns}")
            elif name != "__pycache__" and entry.is_dir(follow_symlinks=False):
                _scan(entry.path, f"{prefix}{name}{os.sep}", found)


def _dependency(name: str) -> list[str]:
    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        return [f"{name}=missing"]
    if spec is None or spec.origin is None:
        return [f"{name}=missing"]
    locations = list(spec.submodule_search_locations or ())
    if not locations:
        return [f"{name}={spec.origin}={_stat_key(spec.origin)}"]
    return [f"{name}={location}" for location in locations] + [
        line for location in locations for line in _modules(location, location)
    ]


@cache
def fingerprint() -> str:
    """The code every cached value is built by, in one string (computed once per process).

    The Python version, and the size and modification time of every module of backsafe
    and of the packages in ``_DEPENDENCIES``. Raises `OSError` when a file cannot be read.
    """
    lines = [
        _MAGIC.decode().strip(),
        f"python={sys.implementation.cache_tag}:{sys.hexversion}:{pickle.HIGHEST_PROTOCOL}",
        f"package={_PACKAGE_DIR}",
        *_modules(str(_PACKAGE_DIR), str(_PACKAGE_DIR)),
    ]
    for name in _DEPENDENCIES:
        lines += _dependency(name)
    return "\n".join(lines)


def contents(files: Iterable[tuple[str, Readable]]) -> str:
    """A hash of the contents of ``files`` (name and file), for a key.

    Raises `OSError` when a file cannot be read.
    """
    content = _hash()
    for name, file in files:
        data = file.read_bytes()
        content.update(f"{name}\0{len(data)}\0".encode("utf-8", "surrogateescape") + data)
    return content.hexdigest()


#: How many installations (environments, Python versions) keep an entry of each name: the
#: least recently written go first, so the directory stays a few megabytes.
MAX_INSTALLATIONS = 16


def _path(directory: Path, name: str) -> Path:
    # One file per entry and installation: a new key replaces the stale entry.
    where = _hash(f"{_PACKAGE_DIR}\0{sys.implementation.cache_tag}".encode())
    return directory / f"{name}-{where.hexdigest()[:16]}.pickle"


def _private(info: os.stat_result) -> bool:
    """Whether a file or directory is the user's own and no one else may write it."""
    if not hasattr(os, "getuid"):  # pragma: no cover - Windows: the directory is per-user
        return True
    return info.st_uid == os.getuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _usable_dir(directory: Path) -> bool:
    try:
        info = os.lstat(directory)
    except OSError:
        return False
    return stat.S_ISDIR(info.st_mode) and _private(info)


def _read(path: Path) -> bytes | None:
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError:
        return None
    with os.fdopen(descriptor, "rb") as file:
        info = os.fstat(file.fileno())
        if not (stat.S_ISREG(info.st_mode) and _private(info)):
            return None
        return file.read()


def _header(key: str) -> bytes:
    encoded = key.encode("utf-8", "surrogateescape")
    return _MAGIC + len(encoded).to_bytes(4, "big") + encoded


class _Unpickler(pickle.Unpickler):
    def __init__(self, file: io.BytesIO, references: PersistentLoad | None) -> None:
        super().__init__(file)
        self._references = references

    def persistent_load(self, pid: Any) -> Any:
        if self._references is None or not isinstance(pid, str):
            raise pickle.UnpicklingError(f"unknown reference {pid!r}")
        return self._references(pid)


class _Pickler(pickle.Pickler):
    def __init__(self, file: io.BytesIO, references: PersistentId | None) -> None:
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self._references = references

    def persistent_id(self, obj: Any) -> str | None:
        return None if self._references is None else self._references(obj)


def load(name: str, key: str, persistent_load: PersistentLoad | None = None) -> Any | None:
    """The value stored as ``name`` under ``key``; ``None`` when there is no usable one.

    ``persistent_load`` resolves the references `store` was given a ``persistent_id``
    for. Never raises: a missing, stale, foreign or corrupt entry is ``None``.
    """
    if cache_disabled():
        return None
    directory = cache_dir()
    if directory is None or not _usable_dir(directory):
        return None
    try:
        raw = _read(_path(directory, name))
        header = _header(key)
        if raw is None or not raw.startswith(header):
            return None
        digest = raw[len(header) : len(header) + _DIGEST_SIZE]
        payload = memoryview(raw)[len(header) + _DIGEST_SIZE :]
        if _hash(payload).digest() != digest:
            return None
        return _Unpickler(io.BytesIO(payload), persistent_load).load()
    except Exception:  # whatever went wrong, the caller builds the value instead
        return None


def store(name: str, key: str, value: object, persistent_id: PersistentId | None = None) -> None:
    """Store ``value`` as ``name`` under ``key``, if the cache directory allows it.

    ``persistent_id`` names objects to store by reference (see `pickle.Pickler`). Never
    raises: a value that cannot be pickled, or a directory that cannot be written or is
    not private to the user, leaves the cache as it was.
    """
    if cache_disabled():
        return
    directory = cache_dir()
    if directory is None:
        return
    try:
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _usable_dir(directory):
            return
        buffer = io.BytesIO()
        _Pickler(buffer, persistent_id).dump(value)
        payload = buffer.getvalue()
        data = _header(key) + _hash(payload).digest() + payload
        import tempfile  # noqa: PLC0415 - only when writing

        descriptor, temporary = tempfile.mkstemp(dir=directory, prefix=f".{name}-", suffix=".tmp")
        try:
            with os.fdopen(descriptor, "wb") as file:
                file.write(data)
            os.replace(temporary, _path(directory, name))
        except BaseException:
            os.unlink(temporary)
            raise
        _prune(directory, name)
    except Exception:  # a cache that cannot be written is no cache
        pass


def _prune(directory: Path, name: str) -> None:
    """Keep the `MAX_INSTALLATIONS` newest entries of ``name`` (one per installation)."""
    entries = sorted(
        directory.glob(f"{name}-*.pickle"), key=lambda path: path.stat().st_mtime, reverse=True
    )
    for stale in entries[MAX_INSTALLATIONS:]:
        stale.unlink(missing_ok=True)
