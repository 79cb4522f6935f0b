#!/usr/bin/env bash
# samples/lab/verify-truth.sh - re-run every tshark check in samples/truth/*.json.
#
# Each truth file carries verification.checks[]: a shell pipeline around a
# tshark display filter, and the exact output it must print.  This is the
# second, independent path to the numbers lab/truth.py computed in Python.
# Needs tshark and jq; no root, no network.  Exit 1 if any check fails.
#
# Usage: samples/lab/verify-truth.sh [samples/truth/NAME.json ...]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."     # checks use repo-relative paths
files=("$@")
((${#files[@]})) || files=(samples/truth/*.json)
pass=0 fail=0
for f in "${files[@]}"; do
	n=$(jq '.verification.checks | length' "$f")
	for ((i = 0; i < n; i++)); do
		what=$(jq -r ".verification.checks[$i].what" "$f")
		cmd=$(jq -r ".verification.checks[$i].cmd" "$f")
		want=$(jq -r ".verification.checks[$i].expect" "$f")
		got=$(timeout 60 bash -c "$cmd" 2>/dev/null | tr -d ' ')
		if [[ $got == "$want" ]]; then
			pass=$((pass + 1))
		else
			fail=$((fail + 1))
			printf 'FAIL %s: %s\n  cmd: %s\n  expect: %s\n  got:    %s\n' \
				"$(basename "$f")" "$what" "$cmd" "$want" "$got"
		fi
	done
	agree=$(jq -r '.verification.agree' "$f")
	[[ $agree == true ]] || printf 'NOTE %s: intended and observed disagree: %s\n' \
		"$(basename "$f")" "$(jq -c '.verification.mismatches' "$f")"
done
printf 'verify-truth: %d checks passed, %d failed, %d files\n' "$pass" "$fail" "${#files[@]}"
((fail == 0))
