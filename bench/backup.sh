#!/usr/bin/env bash
# Benchmark: `mfa-kit backup` of a vault of 10,000 accounts against `age -e` of the same
# plaintext (target: at most 1.5 times). mfa-kit's figure includes unlocking and parsing the
# vault, the per-account digests, and saving the vault with the new backup record.
# Needs hyperfine, age, python3. Usage: bench/backup.sh [ACCOUNTS]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-10000}
bin=$(bench/release-binary)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export HOME=$work MFA_KIT_DEVICE=bench MFA_KIT_VAULT=$work/vault.age MFA_KIT_IDENTITY=$work/id.txt
age-keygen -o "$work/id.txt" 2>/dev/null
python3 bench/gen_vault.py "$n" > "$work/plain.toml"
age -r "$(age-keygen -y "$work/id.txt")" -o "$work/vault.age" "$work/plain.toml"
age-keygen -o "$work/backup-key.txt" 2>/dev/null
r=$(age-keygen -y "$work/backup-key.txt")
echo "vault of $n accounts: $(wc -c < "$work/plain.toml") bytes of plaintext"
hyperfine -N --warmup 2 --runs 15 \
  "$bin backup --out $work/b.age -r $r" \
  "age -e -r $r -o $work/a.age $work/plain.toml"
