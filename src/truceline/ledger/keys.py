"""The server's Ed25519 signing key: where it lives, created on first use, never in the database.

The private key is a PEM file (PKCS#8, mode 0600) named by ``TRUCELINE_LEDGER_KEY``; unset, it is
``ledger-key.pem`` beside the SQLite database file, or in the working directory for PostgreSQL
(and for an in-memory SQLite store). Relative paths are resolved against the working directory.
Only the public key goes into the store (table ``ledger_keys``), so entries signed by an older
key still verify after the key is rotated.

A key's id is the SHA-256 (hex) of its raw 32-byte public key.
"""

from __future__ import annotations

import base64
import hashlib
import os
import tempfile
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from sqlalchemy.engine import URL, make_url

from truceline.errors import TrucelineError

KEY_FILE_NAME = "ledger-key.pem"


class LedgerKeyError(TrucelineError):
    """The signing key cannot be read or created (exit 1)."""


def key_id_of(public_key: Ed25519PublicKey) -> str:
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()


def public_pem(public_key: Ed25519PublicKey) -> str:
    return public_key.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode(
        "ascii"
    )


def load_public_key(pem: str) -> Ed25519PublicKey:
    key = serialization.load_pem_public_key(pem.encode("ascii"))
    if not isinstance(key, Ed25519PublicKey):
        raise ValueError("not an Ed25519 public key")
    return key


def signature_is_valid(public_key: Ed25519PublicKey, signature: str, entry_hash: str) -> bool:
    """Whether ``signature`` (base64) is the key's signature over the entry hash's 32 bytes."""
    try:
        public_key.verify(base64.b64decode(signature, validate=True), bytes.fromhex(entry_hash))
    except (InvalidSignature, ValueError):
        return False
    return True


@dataclass(frozen=True)
class Signer:
    """A loaded private key: signs entry hashes."""

    private_key: Ed25519PrivateKey
    path: Path | None = None

    @property
    def public_key(self) -> Ed25519PublicKey:
        return self.private_key.public_key()

    @cached_property
    def key_id(self) -> str:
        return key_id_of(self.public_key)

    @cached_property
    def public_pem(self) -> str:
        return public_pem(self.public_key)

    def sign(self, entry_hash: str) -> str:
        """The Ed25519 signature over the entry hash's 32 raw bytes, base64."""
        return base64.b64encode(self.private_key.sign(bytes.fromhex(entry_hash))).decode("ascii")


def key_path(database_url: str | URL, configured: Path | str | None = None, *, directory: Path | None = None) -> Path:
    """Where the signing key lives for a store at ``database_url`` (absolute): ``configured``
    (a relative path inside ``directory``), else beside a SQLite file, else in ``directory``
    (default: the working directory; the settings always give one, see ``configured_key_path``)."""
    base = directory if directory is not None else Path.cwd()
    if configured:
        return (base / Path(configured).expanduser()).resolve()
    url = make_url(database_url) if isinstance(database_url, str) else database_url
    database = url.database or ""
    if url.get_backend_name() == "sqlite" and database and database != ":memory:" and not database.startswith("file:"):
        return Path(database).expanduser().resolve().parent / KEY_FILE_NAME
    return (base / KEY_FILE_NAME).resolve()


def configured_key_path(database_url: str | URL) -> Path:
    from truceline.config import get_settings

    settings = get_settings()
    url = database_url if isinstance(database_url, str) else database_url.render_as_string(hide_password=False)
    return key_path(database_url, settings.ledger_key, directory=settings.data_directory(url))


def create_key(path: Path) -> bool:
    """Write a new private key at ``path`` (mode 0600) unless one is there; True if written.

    Atomic: the key is written to a temporary file (mode 0600) in the same directory, flushed to
    disk, then linked into place (never over a key another process made meanwhile), so a crash
    or a race never leaves a half-written or replaced key."""
    pem = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise LedgerKeyError(f"cannot create the ledger signing key {path}: {exc.strerror}") from None
    try:
        os.fchmod(descriptor, 0o600)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(pem)
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(temporary, path)  # like rename, but refuses to replace a key that is there
        except FileExistsError:
            return False
        except OSError as exc:
            raise LedgerKeyError(f"cannot create the ledger signing key {path}: {exc.strerror}") from None
        _sync_directory(path.parent)
        return True
    finally:
        Path(temporary).unlink(missing_ok=True)


def _sync_directory(directory: Path) -> None:
    try:
        handle = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)


def check_key_permissions(path: Path, mode: int) -> None:
    """Refuse a private key file that the group or others may read or write."""
    if os.name == "posix" and mode & 0o077:
        raise LedgerKeyError(
            f"the ledger signing key {path} is open to group or others (mode {mode & 0o777:04o}): "
            f"run 'chmod 600 {path}'"
        )


_loaded: dict[tuple[Path, int, int], Signer] = {}


def load_signer(path: Path, *, create: bool = True) -> Signer:
    """The signer whose key is at ``path``, created there first if missing (and ``create``)."""
    if create and not path.exists():
        create_key(path)
    try:
        stat = path.stat()
    except FileNotFoundError:
        raise LedgerKeyError(f"the ledger signing key {path} does not exist") from None
    check_key_permissions(path, stat.st_mode)
    cache_key = (path, stat.st_mtime_ns, stat.st_ino)
    signer = _loaded.get(cache_key)
    if signer is None:
        try:
            key = serialization.load_pem_private_key(path.read_bytes(), password=None)
        except (OSError, ValueError, TypeError) as exc:
            raise LedgerKeyError(f"cannot read the ledger signing key {path}: {exc}") from None
        if not isinstance(key, Ed25519PrivateKey):
            raise LedgerKeyError(f"the ledger signing key {path} is not an Ed25519 private key")
        signer = _loaded[cache_key] = Signer(key, path)
    return signer
