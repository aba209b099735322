#!/usr/bin/env bash
# Commands timed at 1,000 and at 10,000 accounts: none may take more than 20 times as long
# for ten times the accounts. Work in step with the vault gives about 10; a scan of the vault
# per account (each such bug found so far took seconds to minutes at 10,000) gives 50 to 1,000.
# Each command runs on a fresh copy of its vault; the best of RUNS runs (default 3) counts, and
# a run is stopped after 120 s.
# Needs age, age-keygen, ssh-keygen, python3. Usage: bench/scale.sh
# Exit status 0 when every ratio holds, 1 when one does not.
set -euo pipefail
cd "$(dirname "$0")/.."
# MFA_KIT_BIN: another build to measure (an older one, to see what a change did).
bin=${MFA_KIT_BIN:-$(bench/release-binary)}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
runs=${RUNS:-3}
limit=20
export HOME=$work MFA_KIT_DEVICE=laptop MFA_KIT_IDENTITY=$work/id.txt XDG_RUNTIME_DIR=$work
age-keygen -o "$work/id.txt" 2>/dev/null
recipient=$(age-keygen -y "$work/id.txt")
age-keygen -o "$work/backup-key.txt" 2>/dev/null
backup_to=$(age-keygen -y "$work/backup-key.txt")
ssh-keygen -q -t ed25519 -N '' -C bench -f "$work/ssh-key"
secret=$(python3 -c 'import base64,hashlib; print(base64.b32encode(hashlib.sha1(b"x").digest()).decode().rstrip("="))')

# One vault per kind and size, written once by mfa-kit so that it is in mfa-kit's layout.
make_vault() { # KIND N GENERATOR-OPTIONS...
  local kind=$1 n=$2
  shift 2
  python3 bench/gen_vault.py "$n" "$@" > "$work/plain.toml"
  age -r "$recipient" -o "$work/$kind-$n.age" "$work/plain.toml"
  "$bin" --vault "$work/$kind-$n.age" add normalize --secret "$secret" 2>/dev/null
  "$bin" --vault "$work/$kind-$n.age" remove normalize --yes 2>/dev/null
}
for n in 1000 10000; do
  make_vault plain "$n"
  make_vault places "$n" --places
  make_vault stored "$n" --private-key "$work/ssh-key"
  # A backup kept on this device (the audit reads it), and one of the stored keys.
  "$bin" --vault "$work/plain-$n.age" backup --out "$work/kept-$n.age" -r "$backup_to" >/dev/null 2>&1
  "$bin" --vault "$work/stored-$n.age" backup --out "$work/stored-backup-$n.age" -r "$backup_to" >/dev/null 2>&1
  "$bin" --vault "$work/plain-$n.age" export --format otpauth > "$work/export-$n.txt" 2>/dev/null
  for _ in $(seq "$n"); do echo "otpauth://totp/Same:one?secret=$secret&issuer=Same"; done > "$work/same-$n.txt"
done

results=$work/results.txt
: > "$results"
# measure LABEL KIND COMMAND...: COMMAND runs with $v the fresh copy of KIND's vault, $n the
# size, $fresh a path where no vault is yet.
measure() {
  local label=$1 kind=$2 cmd=$3 line=$1
  for n in 1000 10000; do
    local best=
    for _ in $(seq "$runs"); do
      rm -rf "$work/run" && mkdir "$work/run"
      cp "$work/$kind-$n.age" "$work/run/v.age"
      local start end
      start=$(date +%s%N)
      v=$work/run/v.age fresh=$work/run/new.age n=$n w=$work bin=$bin \
        timeout 120 bash -c "$cmd" >/dev/null 2>&1 < /dev/null || true
      end=$(date +%s%N)
      local took=$(( (end - start) / 1000 ))
      if [ -z "$best" ] || [ "$took" -lt "$best" ]; then best=$took; fi
    done
    line="$line|$best"
  done
  echo "$line" >> "$results"
}
measure "list" plain '$bin --vault $v list'
measure "code" plain '$bin --vault $v code'
measure "audit --json, a backup kept here" plain '$bin --vault $v audit --json'
measure "audit, a backup kept here" plain '$bin --vault $v audit'
measure "backup" plain '$bin --vault $v backup --out $w/run/b.age -r '"$backup_to"
measure "restore --check" plain '$bin --vault $v restore --check $w/kept-$n.age -i $w/backup-key.txt'
measure "restore into the vault" plain '$bin --vault $v restore $w/kept-$n.age -i $w/backup-key.txt'
measure "restore on a new machine" plain '$bin --vault $fresh restore $w/kept-$n.age -i $w/backup-key.txt'
measure "drill --lose laptop" plain '$bin --vault $v drill --lose laptop -i $w/backup-key.txt'
measure "export --format aegis" plain '$bin --vault $v export --format aegis'
measure "add" plain '$bin --vault $v add extra --secret '"$secret"
measure "import an export into a new vault" plain \
  '$bin --vault $fresh init --identity $w/id.txt && $bin --vault $fresh import $w/export-$n.txt'
measure "import entries of one name" plain \
  '$bin --vault $fresh init --identity $w/id.txt && $bin --vault $fresh import $w/same-$n.txt --from ente'
measure "location list, a place per account" places '$bin --vault $v location list'
measure "location retire keychain" plain '$bin --vault $v location retire keychain'
measure "restore --ssh-dir, a stored key per account" stored \
  '$bin --vault $fresh restore $w/stored-backup-$n.age -i $w/backup-key.txt --ssh-dir $w/run/keys'

python3 - "$results" "$limit" <<'EOF'
import sys
limit = float(sys.argv[2])
ok = True
print(f"{'command':48} {'1,000':>10} {'10,000':>10} {'ratio':>7}")
for line in open(sys.argv[1]):
    label, small, large = line.rstrip("\n").split("|")
    small, large = int(small) / 1000, int(large) / 1000
    ratio = large / small
    held = ratio <= limit
    ok &= held
    print(f"{label:48} {small:8.1f} ms {large:8.1f} ms {ratio:7.1f}{'' if held else '  MISSED'}")
print(f"\nlimit: {limit:g} times as long for 10 times the accounts")
sys.exit(0 if ok else 1)
EOF
