#!/usr/bin/env bash
# tests/tally.sh - the stages recorded by tests/stage.sh, one line each,
# then the sum as the last line: "N passed, M failed". Exit 1 when a stage
# failed or none ran.
set -u
dir=${STAGE_DIR:-build/stages}
pass=0 fail=0 n=0
for f in "$dir"/*.stage; do
	[ -e "$f" ] || continue
	read -r name p fl secs rc <"$f"
	printf 'stage %-14s %6d passed %4d failed %5ds%s\n' "$name" "$p" "$fl" "$secs" \
		"$([ "$rc" -ne 0 ] && echo "  (exit $rc)")"
	pass=$((pass + p)) fail=$((fail + fl)) n=$((n + 1))
done
[ "$n" -gt 0 ] || { echo "tally: no stage ran"; fail=1; }
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
