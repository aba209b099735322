#!/usr/bin/env bash
# Benchmarks of the foundation, on a release build, with hyperfine (apt-get install hyperfine):
#  1. `mfa-kit code NAME` on an identity vault of 100 accounts against `oathtool --totp`
#     (target: at most 1.5 times oathtool);
#  2. unlocking a passphrase vault (`mfa-kit list`) against a bare scrypt at work factor 18
#     (Python's hashlib.scrypt, OpenSSL's implementation).
# Usage: bench/foundation.sh     (prints hyperfine's tables; nothing is asserted)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(bench/release-binary)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export HOME=$work MFA_KIT_DEVICE=bench
secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP

export MFA_KIT_VAULT=$work/id.age MFA_KIT_IDENTITY=$work/id.txt
"$bin" init 2>/dev/null
for i in $(seq -w 1 100); do "$bin" add "account$i" --secret "$secret" 2>/dev/null; done
hyperfine -N --warmup 20 --runs 300 \
  "$bin code account050" \
  "oathtool --totp -b $secret"

unset MFA_KIT_IDENTITY
export MFA_KIT_VAULT=$work/pass.age MFA_KIT_PASSPHRASE_FILE=$work/pass.txt
echo "correct horse battery staple" > "$work/pass.txt"
"$bin" init --passphrase 2>/dev/null
"$bin" add one --secret "$secret" 2>/dev/null
hyperfine -N --warmup 1 --runs 10 \
  "$bin list" \
  "python3 -c \"import hashlib; hashlib.scrypt(b'correct horse battery staple', salt=b'0123456789abcdef', n=1<<18, r=8, p=1, maxmem=1<<30, dklen=32)\""
