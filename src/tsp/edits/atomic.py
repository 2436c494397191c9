"""Writing a file so that a crash, a full disk or an interrupt never leaves half of it.

Every file tsp writes goes through `write_atomic` (or, for many new files at once,
`create_many`): edited records (tsp set, tsp status, tsp fund, tsp log), new records (tsp
new), figures (tsp figures import), the JSON Schema files and report files (tsp report -o).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from tsp.errors import UsageError, WriteError


class FileExists(UsageError):
    """The file already exists; tsp never overwrites a record it is asked to create."""


class FileChanged(UsageError):
    """The file changed while editing (another tsp or an editor wrote it); nothing was
    written: run the command again."""


@contextlib.contextmanager
def folder_lock(folder: Path) -> Iterator[None]:
    """An exclusive lock on the folder for the few milliseconds of compare-and-rename, so that
    two tsp processes editing one record take turns. flock on the folder itself leaves no
    lock file behind; where there is no flock (Windows) the compare alone still catches most
    races."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not on POSIX
        yield
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        yield
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock


def _umask() -> int:
    # The only portable way to read the umask is to set it and set it back.
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _fsync_directory(directory: Path) -> None:
    # Makes the rename itself durable; not possible on every platform, and not needed for
    # correctness of the content, so failures are ignored.
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def write_atomic(path: Path, data: bytes | str, *, create: bool = False,
                 expected: bytes | str | None = None) -> None:
    """Write `data` to `path` so that readers see the old file or the new one, never a part.

    Text is written as UTF-8 (a record's byte-order mark, where it keeps one, is the text's
    leading U+FEFF).

    The bytes go to a temporary file in the same folder, are flushed and fsynced, take the
    old file's permissions (a new file's follow the umask, not mkstemp's 0600: records and
    reports are meant to be shared), and the file is renamed over the old one. With
    create=True an existing file is never replaced (FileExists), even if it appears while tsp
    runs: the new file is hard-linked into place, which fails if the name is taken.

    With `expected` (the bytes an edit was made from) the file is compared with them under
    a folder lock just before the rename, and FileChanged is raised if another writer got
    there first: an edit never silently undoes someone else's.
    """
    if isinstance(data, str):
        data = data.encode("utf-8")
    if isinstance(expected, str):
        expected = expected.encode("utf-8")
    folder = path.parent
    try:
        if not folder.is_dir():
            raise WriteError(f"Cannot write {path}: the folder {folder} does not exist.")
        if create and path.exists():
            raise FileExists(f"{path} already exists; tsp does not overwrite it")
    except OSError as exc:  # e.g. a file name too long for the file system
        raise WriteError(f"Cannot write {path.name[:80]}: {exc.strerror or exc}; nothing was "
                         "changed.") from None
    try:
        mode = None if create else path.stat().st_mode & 0o7777
    except OSError:
        mode = None
    if mode is None:
        mode = 0o666 & ~_umask()
    try:
        fd, temp_name = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise WriteError(f"Cannot write {path}: {exc.strerror or exc}; nothing was changed.") \
            from None
    temp = Path(temp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, mode)
        with folder_lock(folder):
            if expected is not None and _current(path) != expected:
                raise FileChanged(f"{path.name} changed while editing (another edit was "
                                  "written first); nothing was written: run it again")
            if create:
                _link_new(temp, path, data, mode)
            else:
                os.replace(temp, path)
        _fsync_directory(folder)
    except (FileExists, FileChanged):
        raise
    except OSError as exc:
        raise WriteError(f"Cannot write {path}: {exc.strerror or exc}; nothing was changed.") \
            from None
    finally:
        with contextlib.suppress(OSError):
            temp.unlink()


def _current(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def _link_new(temp: Path, path: Path, data: bytes, mode: int) -> None:
    try:
        os.link(temp, path)
    except FileExistsError as exc:
        raise FileExists(f"{path} already exists; tsp does not overwrite it") from exc
    except OSError:
        # Some file systems have no hard links: fall back to an exclusive create, and take the
        # file away again if it cannot be written whole.
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
        except FileExistsError as exc:
            raise FileExists(f"{path} already exists; tsp does not overwrite it") from exc
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
        except BaseException:
            with contextlib.suppress(OSError):
                path.unlink()
            raise


def create_many(files: Sequence[tuple[Path, bytes]]) -> list[Path]:
    """New files, each whole or absent, with one flush to disk for all of them (tsp import
    writes thousands: an fsync of each file and its folder costs ~10 ms a file).

    Every file is written to a temporary name first; the data is flushed once (os.sync), and
    only then is each hard-linked into place, never over an existing file, and the folders
    fsynced once. Returns the files written, in order. When a file cannot be written, the
    ones before it are still put in place and WriteError (or FileExists) is raised holding
    them in `written`, so the caller can name every file written."""
    mode = 0o666 & ~_umask()
    temps: list[tuple[Path, Path, bytes]] = []
    failure: Exception | None = None
    written: list[Path] = []
    try:
        for path, data in files:
            try:
                temps.append((_write_temp(path, data, mode, tempfile.mkstemp), path, data))
            except OSError as exc:
                failure = WriteError(f"Cannot write {path}: {exc.strerror or exc}")
                break
        os.sync()
        for temp, path, data in temps:
            try:
                if path.exists():
                    raise FileExists(f"{path} already exists; tsp does not overwrite it")
                _link_new(temp, path, data, mode)
            except (FileExists, OSError) as exc:
                failure = exc if isinstance(exc, FileExists) else WriteError(
                    f"Cannot write {path}: {exc.strerror or exc}")
                break
            written.append(path)
        for folder in dict.fromkeys(p.parent for p in written):
            _fsync_directory(folder)
    finally:
        for temp, _, _ in temps:
            with contextlib.suppress(OSError):
                temp.unlink()
    if failure is not None:
        setattr(failure, "written", written)
        raise failure
    return written


def _write_temp(path: Path, data: bytes, mode: int,
                mkstemp: Callable[..., tuple[int, str]]) -> Path:
    fd, name = mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    temp = Path(name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(temp, mode)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    return temp
