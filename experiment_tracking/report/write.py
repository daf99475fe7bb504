"""Where the report goes and how it is written: the auditor's one write.

The default path (``docs/experiment-tracking-analysis.md`` in the audited repository) is chosen
by the auditor but lies in a tree someone else wrote, so it must not let that tree send the
write elsewhere: a ``docs`` or report file that is a symlink leaving the repository is refused,
with one line suggesting ``--output``. An explicit ``--output`` path is the user's choice and is
honoured as given.

Every write is atomic: the text goes to a new temporary file (created exclusively, so never
through a symlink) in the target's directory and is renamed over the target, which replaces a
symlink at the final component instead of writing where it points. The temporary file is
removed on any error or interrupt. A character device or FIFO named explicitly (``-o /dev/null``,
``-o /dev/stdout``) is written into, never replaced.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile


class WriteRefused(Exception):
    """The report cannot or must not be written there: one line for the user."""


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def check_contained(root, rel: str) -> None:
    """Refuse when a component of ``rel`` under ``root`` is a symlink that leaves ``root``, or
    when the report's own name is taken by something other than a regular file or symlink."""
    root = os.path.realpath(root)
    current = root
    parts = [p for p in rel.replace("\\", "/").split("/") if p and p != "."]
    for i, part in enumerate(parts):
        current = os.path.join(current, part)
        shown = "/".join(parts[: i + 1])
        try:
            st = os.lstat(current)
        except FileNotFoundError:
            return  # the rest is created as plain directories inside the repository
        except OSError as exc:
            raise WriteRefused(f"cannot write report {shown}: {exc.strerror or exc}") from None
        last = i == len(parts) - 1
        if stat.S_ISLNK(st.st_mode):
            target = os.path.realpath(current)
            if not _inside(target, root):
                raise WriteRefused(
                    f"{shown} is a symlink to {target}, outside the repository; the report was not "
                    "written (use --output FILE to choose where it goes)"
                )
            if not last:
                current = target
        elif last and not stat.S_ISREG(st.st_mode):
            kind = "a directory" if stat.S_ISDIR(st.st_mode) else "not a regular file"
            raise WriteRefused(
                f"cannot write report {shown}: it is {kind} (use --output FILE to choose where it goes)"
            )


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _is_stream(path: str) -> bool:
    """A character device or FIFO, reached directly or through a symlink (/dev/stdout)."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return stat.S_ISCHR(mode) or stat.S_ISFIFO(mode)


def write_report(path: str, text: str) -> None:
    """Write ``text`` to ``path`` atomically (see the module doc); raises WriteRefused."""
    folder, name = os.path.split(path)
    folder = folder or "."
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise WriteRefused(f"cannot write report {path}: {exc.strerror or exc}") from None
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise WriteRefused(f"cannot write report {path}: it is a directory")
    if st is not None and not stat.S_ISREG(st.st_mode) and _is_stream(path):
        # -o /dev/null, a FIFO, -o /dev/stdout: write into it; renaming would replace the device.
        try:
            with open(path, "w", encoding="utf-8") as fh:
                fh.write(text)
        except OSError as exc:
            raise WriteRefused(f"cannot write report {path}: {exc.strerror or exc}") from None
        return
    if st is not None and not stat.S_ISREG(st.st_mode) and not stat.S_ISLNK(st.st_mode):
        raise WriteRefused(f"cannot write report {path}: it is not a regular file")
    mode = stat.S_IMODE(st.st_mode) if st is not None and stat.S_ISREG(st.st_mode) else 0o666 & ~_umask()
    tmp = None
    try:
        os.makedirs(folder, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.chmod(tmp, mode)
        os.replace(tmp, path)  # replaces a symlink at `path` itself, never the file it points to
        tmp = None
    except OSError as exc:
        raise WriteRefused(
            f"cannot write report {path}: {exc.strerror or exc} (use --output FILE to write it elsewhere)"
        ) from None
    finally:
        if tmp is not None:  # an error or an interrupt (KeyboardInterrupt) before the rename
            with contextlib.suppress(OSError):
                os.unlink(tmp)
