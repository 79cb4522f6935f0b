#!/usr/bin/env bash
# tests/valgrind_test.sh - every bundled sample, and with --corpus every
# capture in ../shared/corpus too, read under valgrind memcheck with all
# outputs on (report, flow and alert NDJSON, the HTML page, the lab's
# knockd.conf). Any
# memcheck error or definite leak fails; so does a run that hangs (10 min)
# or crashes. Exit codes 0 and 3 (a damaged corpus file) are both fine
# here: the hostile-file test checks the codes themselves.
# make test runs the samples (about 20 s); make valgrind adds the corpus.
# Usage: tests/valgrind_test.sh [--corpus] PATH/TO/portlens
set -u
corpus=0
if [ "${1:-}" = --corpus ]; then corpus=1; shift; fi
bin=${1:?usage: valgrind_test.sh [--corpus] PORTLENS}
top=$(cd "$(dirname "$0")/.." && pwd)
if ! command -v valgrind >/dev/null 2>&1; then
	echo "valgrind: not installed (make test-deps); skipped"
	exit 0
fi
tmp=$(mktemp -d /tmp/portlens-valgrind-XXXXXX)
trap 'rm -rf "$tmp"' EXIT

files=("$top"/samples/pcap/*.pcap)
dir=${PORTLENS_CORPUS:-$top/../shared/corpus}
if [ "$corpus" = 1 ]; then
	if [ -d "$dir" ]; then
		while IFS= read -r f; do files+=("$f"); done < <(
			find "$dir" -type f ! -name '*.tsv' ! -name '*.md' ! -name '*.txt' | sort)
	else
		echo "valgrind: $dir absent: samples only"
	fi
fi

# One capture under valgrind; its verdict goes to $tmp/<n>.rc.
one() {
	local n=$1 f=$2 d="$tmp/$1"
	mkdir -p "$d"
	timeout 600 valgrind -q --error-exitcode=99 --leak-check=full \
		--errors-for-leak-kinds=definite --show-leak-kinds=definite \
		"$bin" read -q --force -o "$d/r.json" -F "$d/f.ndjson" -A "$d/a.ndjson" --html "$d/r.html" \
		--knockd-conf "$top/samples/knockd.conf" "$f" >/dev/null 2>"$d/err"
	echo $? >"$d/rc"
}

# As many at once as there are CPUs (valgrind runs one thread each).
jobs=${JOBS:-$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 1)}
n=0
for f in "${files[@]}"; do
	n=$((n + 1))
	while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n; done
	one "$n" "$f" &
done
wait

bad=0 i=0
for f in "${files[@]}"; do
	i=$((i + 1))
	rc=$(cat "$tmp/$i/rc" 2>/dev/null || echo lost)
	case $rc in
	0|3) ;;
	*) bad=$((bad + 1))
	   echo "valgrind FAIL: ${f#"$top"/}: exit $rc"
	   head -40 "$tmp/$i/err" ;;
	esac
done
echo "valgrind: $n captures; $((n - bad)) passed, $bad failed"
[ "$bad" -eq 0 ]
