"""The Data Package on disk: where the data folder is, its datapackage.json, each resource's descriptor, the zip.

The folder is the argument, else $PARTNERSHIP_DATA_DIR, else data/ beside app.py. The descriptor is read
once per modification time.
"""

from __future__ import annotations

import io
import json
import os
import zipfile
from functools import lru_cache
from pathlib import Path

from partnership.io.problems import fail

__all__ = ["DATA_DIR_ENV", "DEFAULT_DATA_DIR", "RESOURCES", "package", "package_zip", "resolve_data_dir", "resource_meta"]

DATA_DIR_ENV = "PARTNERSHIP_DATA_DIR"
DEFAULT_DATA_DIR = Path(__file__).resolve().parents[2] / "data"
RESOURCES = ("trade", "targets", "projects", "agreements", "events")


def resolve_data_dir(path: str | os.PathLike | None = None) -> Path:
    """The data folder: the argument, else $PARTNERSHIP_DATA_DIR, else data/ beside app.py."""
    if path is not None:
        return Path(path)
    return Path(os.environ.get(DATA_DIR_ENV) or DEFAULT_DATA_DIR)


def _read_package(folder: Path) -> dict:
    descriptor = folder / "datapackage.json"
    try:
        return json.loads(descriptor.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise fail(str(descriptor), "file_not_found") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise fail(str(descriptor), "not_json", reason=str(exc)) from None


@lru_cache(maxsize=8)
def _package_cached(folder: str, mtime: float) -> dict:
    return _read_package(Path(folder))


def package(path: str | os.PathLike | None = None) -> dict:
    """The datapackage.json descriptor of the data folder."""
    folder = resolve_data_dir(path)
    descriptor = folder / "datapackage.json"
    mtime = descriptor.stat().st_mtime if descriptor.exists() else 0.0
    return _package_cached(str(folder), mtime)


def resource_meta(resource: str, path: str | os.PathLike | None = None) -> dict:
    """The descriptor of one resource (name, path, schema, sources, licenses)."""
    for entry in package(path)["resources"]:
        if entry["name"] == resource:
            return entry
    known = ", ".join(r["name"] for r in package(path)["resources"])
    raise fail(str(resolve_data_dir(path) / "datapackage.json"), "unknown_resource", resource=resource, known=known)


def package_zip(data_dir=None) -> bytes:
    """The shipped Data Package as a zip: datapackage.json and every resource file, byte for byte."""
    folder = resolve_data_dir(data_dir)
    descriptor = package(folder)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.write(folder / "datapackage.json", "datapackage.json")
        for resource in descriptor["resources"]:
            archive.write(folder / resource["path"], resource["path"])
    return buffer.getvalue()
