"""Public keys as team.yml and settings.yml list them, checked when read: SSH keys (one line, fingerprinted
like ssh-keygen) and, for platform_keys, ASCII-armored OpenPGP blocks (read by gpg when verifying)."""

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


# -- OpenPGP: the platform keys of hosting platforms whose web editor signs with gpg (GitHub's web-flow) --

PGP_BEGIN, PGP_END = "-----BEGIN PGP PUBLIC KEY BLOCK-----", "-----END PGP PUBLIC KEY BLOCK-----"
MAX_PGP_BLOCK = 64 * 1024  # characters; GitHub's web-flow key is about 1,700


def is_pgp_block(text: str) -> bool:
    return text.lstrip().startswith(PGP_BEGIN)


def pgp_block_problem(text: str) -> str | None:
    """Why ``text`` is not an ASCII-armored OpenPGP public key block, or None (gpg reads it when verifying)."""
    if len(text) > MAX_PGP_BLOCK:
        return f"the block is longer than {MAX_PGP_BLOCK:,} characters"
    lines = [line.strip() for line in text.strip().splitlines()]
    if lines[-1] != PGP_END:
        return f"the block does not end with {PGP_END}"
    body = lines[1:-1]
    if "" in body:  # armor headers (Comment:, Version:) end at the first empty line
        body = body[body.index("") + 1:]
    text_lines = [line for line in body if not line.startswith("=")]  # "=XXXX" is the checksum line
    try:
        blob = base64.b64decode("".join(text_lines), validate=True)
    except (binascii.Error, ValueError):
        return "the key text between the armor lines is not base64"
    if not blob or not blob[0] & 0x80:
        return "the block holds no OpenPGP packets"
    return None
