"""What the machine refused, in one line: a full disk, a read-only or forbidden folder. These are
not faults of the data (those are AggstatsErrors, naming file, sheet, row and column), and a
traceback tells the user nothing the line does not."""

from __future__ import annotations

import errno

from aggstats.settings import Settings

NO_SPACE = "No space left on device"


def plain(exc: BaseException, config: Settings) -> str | None:
    """The one line for `exc`, naming the path and what to do, or None if it is not the
    machine's refusal (then it is a bug, and its traceback is wanted)."""
    if isinstance(exc, OSError) and exc.errno is not None:
        return _os_error(exc, config)
    if NO_SPACE in str(exc):  # duckdb raises its own exceptions for a full disk
        return _no_space(str(config.warehouse.parent), config)
    return None


def _os_error(exc: OSError, config: Settings) -> str | None:
    path = str(exc.filename or config.data_dir)
    if exc.errno == errno.ENOSPC:
        return _no_space(path, config)
    if exc.errno == errno.EROFS:
        return (
            f"{path} is on a read-only file system: aggstats writes its raw cache, lock and "
            "warehouse under the data folder; set AGGSTATS_DATA_DIR to a writable folder"
        )
    if exc.errno in (errno.EACCES, errno.EPERM):
        return (
            f"permission denied: {path}: make the data folder writable by this user, or set "
            "AGGSTATS_DATA_DIR to a folder that is"
        )
    if exc.errno == errno.ENOENT and exc.filename:
        return f"no such file or folder: {path}"
    return None


def _no_space(path: str, config: Settings) -> str:
    return (
        f"no space left on the device holding {path}: a build needs room for a second warehouse "
        f"beside {config.warehouse.name} while it runs; free some space, or set "
        "AGGSTATS_DATA_DIR to a folder on a larger disk. The previous warehouse is untouched"
    )
