"""Reading inputs into Articles: files, directories, stdin; text, HTML, RSS/Atom, JSONL.

`read_inputs` is a generator: it reads one input at a time and yields an `Article` or a `Skip`
(an input that is not an article, with a one-line reason) so a batch never stops on a bad file.
Directories are walked in sorted order (hidden files skipped); a directory's `manifest.json`
gives the metadata of the files under it; an explicit manifest (JSON or CSV) wins over it.
A folder with a manifest is read quietly: the files it lists (whatever their extension), plus
unlisted files with an article extension; its other files (README.md, gold.json) raise no Skip.
A folder without one reports each file that is not an article format as a `Passed` (a Skip on
purpose). A sub-folder that cannot be listed is a Skip; a link to a folder is not followed
(loops) and is reported as Passed. Besides Articles and Skips, a `Notice` tells of an article
read with a warning (stray bytes replaced). Nothing a reader raises escapes: an error no reader
foresaw becomes a Skip naming the input and the error.

`Article.source` is the input read: the path as given, `path#N` for the Nth item of a feed or a
JSON array, `path:N` for line N of a JSONL file (1-based); an item's own link is `Article.url`.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..model import Article, Skip
from .errors import ManifestError, Notice, Passed, UnreadableInput, too_big
from .manifest import MANIFEST_NAME, Manifest
from .metadata import Meta
from .readers import ARTICLE_EXTENSIONS, guess_format, read_document, read_jsonl_lines

# In a folder whose manifest does not list a file, the file is still read when its extension is
# an article's own (text, HTML, feed, JSON Lines); bare .json and extensionless files there are
# the folder's data and notes, not articles, and are passed over without a Skip.
UNLISTED_ARTICLE_EXTENSIONS = frozenset({".txt", ".text", ".html", ".htm", ".xhtml", ".xml", ".rss", ".atom",
                                         ".jsonl", ".ndjson"})

__all__ = ["read_inputs", "DEFAULT_MAX_BYTES", "STDIN", "Notice", "Passed"]

DEFAULT_MAX_BYTES = 10_000_000
STDIN = "-"


@dataclass(frozen=True)
class _Input:
    """One file to read (or stdin), with the manifests that may describe it (nearest first)."""

    name: str
    path: Path | None
    manifests: tuple[Manifest, ...] = ()

    def meta(self) -> Meta:
        if self.path is None:
            return Meta()
        for manifest in self.manifests:
            found = manifest.lookup(self.path)
            if found is not None:
                return found
        return Meta()

    def bad_entry(self) -> str | None:
        """Why the nearest manifest entry for this file cannot be used (then it is not read)."""
        if self.path is None:
            return None
        for manifest in self.manifests:
            if manifest.lookup(self.path) is not None:
                return None
            bad = manifest.bad_entry(self.path)
            if bad:
                return bad
        return None


def read_inputs(
    inputs: Sequence[str], manifest: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[Article | Skip | Notice]:
    """Articles from files, directories (recursive, sorted) and '-' (stdin), one at a time.

    Raises ManifestError only for an explicit `manifest` that cannot be used at all (a user
    option); every problem with an input, or with one manifest entry, is a Skip and the batch
    goes on.
    """
    explicit = Manifest.load(manifest) if manifest else None
    if explicit is not None:
        yield from explicit.problems
    if explicit is not None and not inputs:
        inputs = [str(p) for p in explicit.files]
    skip_paths = {explicit.path.resolve()} if explicit else set()
    for item in _expand(inputs, explicit, skip_paths):
        if isinstance(item, Skip):
            yield item
        else:
            yield from _read_one(item, max_bytes)


def _expand(inputs: Sequence[str], explicit: Manifest | None, skip_paths: set[Path]) -> Iterator[_Input | Skip]:
    base = (explicit,) if explicit else ()
    beside: dict[Path, tuple[Manifest, ...]] = {}  # files named one by one: each folder's manifest read once
    for given in inputs:
        if given == STDIN:
            yield _Input(STDIN, None, base)
            continue
        path = Path(given)
        if path.is_dir():
            yield from _walk(path, base, skip_paths)
        elif path.is_file():
            if path.name == MANIFEST_NAME and path.resolve() not in skip_paths:
                yield from _manifest_files(path, base)
            else:
                if path.parent not in beside:
                    beside[path.parent] = _dir_manifest(path.parent, skip_paths)
                yield _Input(given, path, base + beside[path.parent])
        elif path.exists():
            yield Skip(given, "not a regular file or directory: give files, directories or '-' for stdin")
        elif "://" in given:
            yield Skip(given, "a URL: sitrep reads offline and fetches nothing; save the page and give the file")
        else:
            yield Skip(given, "no such file or directory: check the path")


def _walk(root: Path, base: tuple[Manifest, ...], skip_paths: set[Path]) -> Iterator[_Input | Skip]:
    """Files under `root` in sorted order; each directory's manifest.json describes its subtree."""
    stack: dict[Path, tuple[Manifest, ...]] = {}
    unlistable: list[OSError] = []
    for dirpath, dirnames, filenames in os.walk(root, onerror=unlistable.append):
        yield from _unlistable(unlistable)
        here = Path(dirpath)
        links = sorted(d for d in dirnames if not d.startswith(".") and (here / d).is_symlink())
        for link in links:
            yield Passed(str(here / link), "a link to a folder, not followed (it could loop): give the folder "
                                           "it points to as an input to read it")
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and d not in links)
        inherited = stack.get(here.parent, ()) if here != root else ()
        local = inherited
        if MANIFEST_NAME in filenames and (here / MANIFEST_NAME).resolve() not in skip_paths:
            try:
                local = (Manifest.load(here / MANIFEST_NAME),) + inherited
                yield from local[0].problems
            except ManifestError as e:
                yield Skip(str(here / MANIFEST_NAME), f"{e}; its files are read without it")
        stack[here] = local
        for name in sorted(filenames):
            if name.startswith(".") or name == MANIFEST_NAME:
                continue
            path = here / name
            if path.resolve() in skip_paths:
                continue
            if _listed(path, base + local):
                yield _Input(str(path), path, base + local)  # a manifest names it: read whatever its extension
            elif local:
                # A folder with a manifest says what its articles are: other files there (README, gold
                # answers, notes) are its furniture, read only when they look like an article.
                if path.suffix.lower() in UNLISTED_ARTICLE_EXTENSIONS:
                    yield _Input(str(path), path, base + local)
            elif path.suffix.lower() not in ARTICLE_EXTENSIONS:
                yield Passed(str(path), f"not an article format ({path.suffix}): name the file itself to read it as text")
            else:
                yield _Input(str(path), path, base + local)
        yield from _missing_listed(here, local)
    yield from _unlistable(unlistable)


def _unlistable(errors: list[OSError]) -> Iterator[Skip]:
    """Folders os.walk could not list (it reports them through onerror, then goes on)."""
    while errors:
        e = errors.pop(0)
        yield Skip(str(e.filename), f"folder cannot be read ({e.strerror or e}): check its permissions; "
                                    "nothing in it was read")


def _listed(path: Path, manifests: tuple[Manifest, ...]) -> bool:
    resolved = str(path.resolve())
    return any(resolved in m.by_path for m in manifests)


def _missing_listed(here: Path, manifests: tuple[Manifest, ...]) -> Iterator[Skip]:
    """Files a manifest lists in this folder that are not there: named, not silently dropped."""
    if not manifests:
        return
    resolved_here = here.resolve()
    for file in manifests[0].files:
        if file.resolve().parent == resolved_here and not file.is_file():
            yield Skip(str(file), f"listed in {manifests[0].path} but not found: check the manifest's 'file' entries")


def _dir_manifest(directory: Path, skip_paths: set[Path]) -> tuple[Manifest, ...]:
    candidate = directory / MANIFEST_NAME
    if not candidate.is_file() or candidate.resolve() in skip_paths:
        return ()
    try:
        return (Manifest.load(candidate),)
    except ManifestError:
        return ()  # reported when its directory is read; a single file is still readable without it


def _manifest_files(path: Path, base: tuple[Manifest, ...]) -> Iterator[_Input | Skip]:
    try:
        manifest = Manifest.load(path)
    except ManifestError as e:
        yield Skip(str(path), str(e))
        return
    yield from manifest.problems
    for file in manifest.files:
        if file.is_file():
            yield _Input(str(file), file, base + (manifest,))
        else:
            yield Skip(str(file), f"listed in {path} but not found: check the manifest's 'file' entries")


def _read_one(item: _Input, max_bytes: int) -> Iterator[Article | Skip | Notice]:
    bad_entry = item.bad_entry()
    if bad_entry:
        yield Skip(item.name, bad_entry)
        return
    try:
        if item.path is not None and guess_format(item.name, "") == "jsonl":
            yield from _read_jsonl_file(item, max_bytes)
            return
        data = _read_bytes(item, max_bytes)
        yield from read_document(item.name, data, item.meta())
    except UnreadableInput as e:
        yield Skip(item.name, str(e))
    except RecursionError:
        yield Skip(item.name, "nested too deeply to read (HTML, XML or JSON many thousands of levels deep): "
                              "check it is an article")
    except Exception as e:  # noqa: BLE001  a reader's unforeseen error must not end the batch
        yield Skip(item.name, f"could not be read ({type(e).__name__}: {_one_line(e)}): a bug in sitrep's reader; "
                              "please report it with the file")


def _one_line(exc: Exception) -> str:
    text = " ".join(str(exc).split())
    return text[:200] if text else "no message"


def _read_jsonl_file(item: _Input, max_bytes: int) -> Iterator[Article | Skip]:
    """JSONL streams line by line: the cap applies to each record, not to the whole file."""
    try:
        handle = item.path.open("rb")
    except OSError as e:
        raise UnreadableInput(f"cannot be read ({e.strerror or e}): check its permissions") from e
    found = False
    with handle:
        for found_item in read_jsonl_lines(item.name, handle, item.meta(), max_bytes=max_bytes):
            found = True
            yield found_item
    if not found:
        raise UnreadableInput("empty: no JSON lines to read; remove it from the inputs")


def _read_bytes(item: _Input, max_bytes: int) -> bytes:
    if item.path is None:
        data = sys.stdin.buffer.read(max_bytes + 1)
        size = len(data)
    else:
        try:
            size = item.path.stat().st_size
            if size > max_bytes:
                raise too_big("file", size, max_bytes)
            with item.path.open("rb") as handle:
                data = handle.read(max_bytes + 1)  # a file growing while read is still capped
        except OSError as e:
            raise UnreadableInput(f"cannot be read ({e.strerror or e}): check its permissions") from e
    if len(data) > max_bytes:
        raise too_big("file" if item.path else "input", size, max_bytes, at_least=item.path is None)
    if not data.strip():
        raise UnreadableInput("empty: there is no text to read; remove it from the inputs")
    return data
