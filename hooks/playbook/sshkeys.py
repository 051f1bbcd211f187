"""SSH public keys as team.yml and settings.yml list them: checked when read, fingerprinted like ssh-keygen."""

from __future__ import annotations

import base64
import binascii
import hashlib

KEY_TYPES = ("ssh-ed25519", "ssh-rsa", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521",
             "sk-ssh-ed25519@openssh.com", "sk-ecdsa-sha2-nistp256@openssh.com")


def key_problem(line: str) -> str | None:
    """Why ``line`` is not an SSH public key as platforms list them ("ssh-ed25519 AAAA... comment"), or None."""
    parts = line.split()
    if len(parts) < 2:
        return "a key is one line: its type, then its base64 text (and optionally a comment)"
    kind, text = parts[0], parts[1]
    if kind not in KEY_TYPES:
        return f"'{kind}' is not an SSH key type ({', '.join(KEY_TYPES[:3])}, ...)"
    try:
        blob = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        return "the key text is not base64"
    if blob[4:4 + len(kind)] != kind.encode():
        return f"the key text is not an {kind} key"
    return None


def fingerprint(line: str) -> str:
    """The key's SHA256 fingerprint as ssh-keygen and git print it (``SHA256:`` + unpadded base64)."""
    blob = base64.b64decode(line.split()[1])
    return "SHA256:" + base64.b64encode(hashlib.sha256(blob).digest()).decode().rstrip("=")
