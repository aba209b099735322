#!/usr/bin/env bash
# Benchmark: `mfa-kit audit --json` end to end (unlock, parse, audit, print) on identity vaults
# of 1,000 and 10,000 accounts with several paths each (target: 10,000 in 100 ms or less, and
# linear). The audit's own share is `cargo bench --bench audit`.
# Needs hyperfine, age, python3. Usage: bench/audit.sh
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(bench/release-binary)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export HOME=$work MFA_KIT_DEVICE=laptop MFA_KIT_IDENTITY=$work/id.txt
age-keygen -o "$work/id.txt" 2>/dev/null
recipient=$(age-keygen -y "$work/id.txt")
for n in 1000 10000; do
  python3 bench/gen_vault.py "$n" > "$work/plain-$n.toml"
  age -r "$recipient" -o "$work/vault-$n.age" "$work/plain-$n.toml"
done
hyperfine -N --warmup 2 --runs 10 -i \
  "$bin --vault $work/vault-1000.age audit --json" \
  "$bin --vault $work/vault-10000.age audit --json"
cargo bench --quiet --bench audit
