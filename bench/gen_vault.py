#!/usr/bin/env python3
"""Writes a vault document (format version 1) with N accounts, each with several recovery
paths (an authenticator, recovery codes with a paper copy, an SSH key, a declared path), for
the benchmarks. Usage: gen_vault.py N [--places] [--private-key FILE] > vault.toml
  --places            each account's SSH key is kept at a place of its own (N places)
  --private-key FILE  each account's SSH key has FILE's text stored with it (ssh add --store)"""
import base64
import hashlib
import sys

args = sys.argv[1:]
n = int(args[0])
places = "--places" in args
private_key = None
if "--private-key" in args:
    key_file = args[args.index("--private-key") + 1]
    with open(key_file) as f:
        private_key = f.read()
    with open(key_file + ".pub") as f:
        blob = base64.b64decode(f.read().split()[1])
    # As `ssh-keygen -l` prints it: SHA-256 of the public key blob, base64 without padding.
    key_fingerprint = "SHA256:" + base64.b64encode(hashlib.sha256(blob).digest()).decode().rstrip("=")
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
        f'fingerprint = "{key_fingerprint}"'
        if private_key is not None
        else f'fingerprint = "SHA256:{hashlib.sha256(str(i).encode()).hexdigest()[:43]}"',
        'algorithm = "ssh-ed25519"',
        f'path = "/home/bench/.ssh/key{i}"',
        f'at = "{f"host{i:05}" if places else "home-desktop"}"',
        "added = 1790000000",
    ]
    if private_key is not None:
        out.append('private_key = """' + private_key + '"""')
    out += [
        "",
        "[[accounts.paths]]",
        'kind = "security-key"',
        'at = "keychain"',
        "",
    ]
print("\n".join(out))
