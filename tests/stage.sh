#!/usr/bin/env bash
# tests/stage.sh - run one stage of the test pyramid and record its count,
# so that make check, make test and .ci/run can end with one line
# "N passed, M failed" over every stage (tests/tally.sh).
#
#   tests/stage.sh --reset          forget the stages recorded so far
#   tests/stage.sh NAME CMD [ARG...] run CMD, output shown as it comes
#
# The count is taken from the last line of CMD's output that says
# "N passed, M failed" (CUnit, cli_test, hostile, ...) or "N inputs, M
# failures" (fuzz-regress); a command that prints neither counts as one
# test. A non-zero exit with no failure counted is one failure, so a
# crash or a build error is never lost. Always exits 0: the tally decides.
# Records go to $STAGE_DIR (default build/stages), one file per stage.
set -u
dir=${STAGE_DIR:-build/stages}
if [ "${1:-}" = --reset ]; then
	rm -rf "$dir"
	exit 0
fi
name=${1:?usage: stage.sh NAME CMD...}
shift
mkdir -p "$dir"
log="$dir/$name.log"
t0=$(date +%s)
"$@" 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
secs=$(( $(date +%s) - t0 ))
counts=$(sed -n -e 's/^.*[^0-9]\([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed.*$/\1 \2/p' \
	-e 's/^\([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed.*$/\1 \2/p' \
	-e 's/^.*: \([0-9][0-9]*\) inputs, \([0-9][0-9]*\) failures$/\1 \2/p' "$log" | tail -1)
if [ -n "$counts" ]; then
	read -r pass fail <<<"$counts"
	# fuzz-regress counts inputs and failing inputs
	case $(tail -1 "$log") in *inputs*) pass=$((pass - fail));; esac
else
	pass=1 fail=0
	[ "$rc" -eq 0 ] || { pass=0; fail=1; }
fi
if [ "$rc" -ne 0 ] && [ "$fail" -eq 0 ]; then fail=1; fi
echo "$name $pass $fail $secs $rc" >"$dir/$(printf '%02d' "$(ls "$dir"/*.stage 2>/dev/null | wc -l)")-$name.stage"
exit 0
