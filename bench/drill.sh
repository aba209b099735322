#!/usr/bin/env bash
# Benchmark: `mfa-kit drill` of a vault of 1,000 (or N) accounts: unlock the vault, open the
# surviving backup in memory with the surviving key, check every account's codes now and at
# the next step, and record the drill's date (one vault write).
# Needs hyperfine, age, python3. Usage: bench/drill.sh [ACCOUNTS]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-1000}
bin=$(bench/release-binary)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export HOME=$work MFA_KIT_DEVICE=laptop MFA_KIT_VAULT=$work/vault.age MFA_KIT_IDENTITY=$work/id.txt
age-keygen -o "$work/id.txt" 2>/dev/null
python3 bench/gen_vault.py "$n" > "$work/plain.toml"
age -r "$(age-keygen -y "$work/id.txt")" -o "$work/vault.age" "$work/plain.toml"
age-keygen -o "$work/paper.txt" 2>/dev/null
mkdir "$work/usb"
"$bin" backup --out "$work/usb/b.age" -r "$(age-keygen -y "$work/paper.txt")" \
  --at usb-safe --key-at paper-wallet 2>/dev/null
echo "vault of $n accounts: $(wc -c < "$work/plain.toml") bytes of plaintext"
hyperfine -N --warmup 2 --runs 10 \
  "$bin drill --lose laptop,phone -i $work/paper.txt"
