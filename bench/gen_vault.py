#!/usr/bin/env python3
"""Writes a vault document (format version 1) with N accounts, each with several recovery
paths (an authenticator, recovery codes with a paper copy, an SSH key, a declared path), for
the benchmarks. Usage: gen_vault.py N > vault.toml"""
import base64
import hashlib
import sys

n = int(sys.argv[1])
out = ["version = 1", ""]
for i in range(n):
    secret = base64.b32encode(hashlib.sha1(str(i).encode()).digest()).decode().rstrip("=")
    out += [
        "[[accounts]]",
        f'name = "account{i:05}"',
        f'issuer = "Service {i % 97}"',
        f'secret = "{secret}"',
        'algorithm = "SHA1"',
        "digits = 6",
        "period = 30",
        "created = 1790000000",
        'authenticators = ["phone"]',
        "",
        "[accounts.recovery_codes]",
        'at = ["paper-drawer"]',
        "added = 1790000000",
        "codes = [" + ", ".join(f'{{ code = "{i:05}-{j:04}" }}' for j in range(10)) + "]",
        "",
        "[[accounts.ssh_keys]]",
        f'fingerprint = "SHA256:{hashlib.sha256(str(i).encode()).hexdigest()[:43]}"',
        'algorithm = "ssh-ed25519"',
        f'path = "/home/bench/.ssh/key{i}"',
        'at = "home-desktop"',
        "added = 1790000000",
        "",
        "[[accounts.paths]]",
        'kind = "security-key"',
        'at = "keychain"',
        "",
    ]
print("\n".join(out))
