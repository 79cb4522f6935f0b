#!/bin/sh
# tests/fuzz/smoke.sh - run every libFuzzer target for a bounded time.
#
# Called by `make fuzz-smoke` (and so by `make test`) after `make fuzz`
# has built build/fuzz/fuzz_<target>. Targets run JOBS at a time (default:
# the number of CPUs), each for SECONDS on build/fuzz/corpus/<target>
# (where libFuzzer writes what it finds) plus tests/fuzz/seeds/<target>
# and, when the Makefile made it from ../shared/corpus,
# build/fuzz/shared-seeds/<target>.
# One line per target: executions, coverage, features. Any crash, leak,
# sanitizer report or timeout fails the run and names the input saved in
# build/fuzz/artifacts/<target>/.
#
# usage: tests/fuzz/smoke.sh SECONDS TARGET...
set -u

seconds=$1; shift
jobs=${JOBS:-$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 1)}
[ "$jobs" -ge 1 ] 2>/dev/null || jobs=1

run_one() {
	t=$1
	mkdir -p "build/fuzz/corpus/$t" "build/fuzz/artifacts/$t"
	log="build/fuzz/$t.log"
	extra=""
	[ -d "build/fuzz/shared-seeds/$t" ] && extra="build/fuzz/shared-seeds/$t"
	# $extra is one path or nothing: unquoted on purpose.
	if ! "build/fuzz/fuzz_$t" -max_total_time="$seconds" -timeout=10 \
		-rss_limit_mb=2048 -print_final_stats=1 \
		-artifact_prefix="build/fuzz/artifacts/$t/" \
		"build/fuzz/corpus/$t" "tests/fuzz/seeds/$t" $extra >"$log" 2>&1; then
		tail -40 "$log"
		echo "fuzz-smoke: fuzz_$t FAILED: log $log, input in build/fuzz/artifacts/$t/"
		return 1
	fi
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
	last=$(grep -E '^#[0-9]+' "$log" | tail -1)
	cov=$(echo "$last" | sed -n 's/.* cov: \([0-9]*\).*/\1/p')
	ft=$(echo "$last" | sed -n 's/.* ft: \([0-9]*\).*/\1/p')
	echo "fuzz-smoke: fuzz_$t: ${runs:-?} runs in ${seconds}s, cov ${cov:-?}, ft ${ft:-?}"
}

# A small job pool in POSIX sh: start up to $jobs targets, then wait for
# the oldest before starting the next. Each target's status goes to a file.
status_dir=$(mktemp -d build/fuzz/smoke.XXXXXX) || exit 1
trap 'rm -rf "$status_dir"' EXIT
pids=""
n=0
for t in "$@"; do
	( run_one "$t"; echo $? >"$status_dir/$t" ) &
	pids="$pids $!"
	n=$((n + 1))
	if [ "$n" -ge "$jobs" ]; then
		set -- $pids
		wait "$1"
		shift
		pids="$*"
		n=$((n - 1))
	fi
done
wait

failed=0
for f in "$status_dir"/*; do
	[ "$(cat "$f")" = 0 ] || failed=$((failed + 1))
done
echo "fuzz-smoke: $(( $(ls "$status_dir" | wc -l) - failed )) passed, $failed failed (targets, ${seconds} s each)"
[ "$failed" -eq 0 ]
