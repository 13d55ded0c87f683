"""Reading input files with bounds: only regular files, never more than a stated size.

Every file campaignflow reads on a user's behalf (plan files, unit lists, plan documents) goes
through :func:`read_limited`, so a FIFO cannot block a command forever and ``/dev/zero`` or a
huge file cannot exhaust memory. Both refusals are ``OSError``\\ s: the CLI reports them as I/O
errors (exit status 2) naming the file and what is wrong.
"""

from __future__ import annotations

import errno
import os
import stat

__all__ = ["InputTooLarge", "NotRegularFile", "read_limited", "size_text"]


class NotRegularFile(OSError):
    """The path is a FIFO, a device, a socket or a directory: reading it could block or never end."""

    def __init__(self, path: str, what: str) -> None:
        super().__init__(errno.EINVAL, f"not a regular file ({what}); give the path of a saved file", path)


class InputTooLarge(OSError):
    """The file is larger than the limit for its kind; nothing of it was read beyond the limit."""

    def __init__(self, path: str, limit: int, what: str) -> None:
        self.limit = limit
        super().__init__(errno.EFBIG, f"larger than {size_text(limit)}; {what}", path)


def size_text(limit: int) -> str:
    """A byte count for people: ``2 MiB``, ``512 KiB``."""
    if limit % (1024 * 1024) == 0:
        return f"{limit // (1024 * 1024)} MiB"
    return f"{limit // 1024} KiB"


def read_limited(path: str | os.PathLike[str], limit: int, what: str = "") -> bytes:
    """The bytes of the regular file at ``path``, refused before reading if it holds more than ``limit``.

    The file is opened without blocking (a FIFO with no writer would otherwise hang the open),
    checked with ``fstat`` on the open descriptor (no race with a rename), and read at most
    ``limit + 1`` bytes (a file that grows while being read is still refused). ``what`` completes
    the too-large message, e.g. "a plan is a few KiB".
    """
    name = os.fsdecode(path)
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise NotRegularFile(name, _kind(info.st_mode))
        if info.st_size > limit:
            raise InputTooLarge(name, limit, what)
        os.set_blocking(fd, True)
        chunks: list[bytes] = []
        size = 0
        while size <= limit:
            chunk = os.read(fd, limit + 1 - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    finally:
        os.close(fd)
    if size > limit:
        raise InputTooLarge(name, limit, what)
    return b"".join(chunks)


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a plain file"
