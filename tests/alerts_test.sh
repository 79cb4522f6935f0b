#!/usr/bin/env bash
# tests/alerts_test.sh - the alert stream and the report never disagree
# (issue 13): every bundled sample and every capture in ../shared/corpus
# is read with --alerts, and each alert line must be one of the report's
# scans[] or knocks[] and each of those an alert line: same objects, same
# order (read mode decides every alert at the end, so even the growing
# fields agree). live_test.sh checks the same for live capture, where
# only the alerts' identity (dataset, source, start) must match.
# Exit codes 0 and 3 (a damaged corpus file: the report still covers
# what was read) are both fine here; anything else fails.
# Usage: tests/alerts_test.sh PATH/TO/portlens. Needs python3.
set -u
bin=${1:?usage: alerts_test.sh PORTLENS}
top=$(cd "$(dirname "$0")/.." && pwd)
py=${PYTHON:-python3}
command -v "$py" >/dev/null 2>&1 || { echo "alerts: $py not found (make test-deps)"; exit 1; }
tmp=$(mktemp -d /tmp/portlens-alerts-XXXXXX)
trap 'rm -rf "$tmp"' EXIT

files=("$top"/samples/pcap/*.pcap)
dir=${PORTLENS_CORPUS:-$top/../shared/corpus}
if [ -d "$dir" ]; then
	while IFS= read -r f; do files+=("$f"); done < <(
		find "$dir" -type f ! -name '*.tsv' ! -name '*.md' ! -name '*.txt' | sort)
else
	echo "alerts: $dir absent: samples only"
fi

n=0 crashed=0
: >"$tmp/list"
for f in "${files[@]}"; do
	n=$((n + 1))
	out="$tmp/$n"
	"$bin" read -q --seed 1 --no-system-services --knockd-conf "$top/samples/knockd.conf" \
		-o "$out.json" -A "$out.ndjson" "$f" >/dev/null 2>"$out.err"
	rc=$?
	if [ "$rc" -ne 0 ] && [ "$rc" -ne 3 ]; then
		crashed=$((crashed + 1))
		echo "alerts FAIL: ${f#"$top"/}: exit $rc: $(head -c 200 "$out.err")"
		continue
	fi
	printf '%s\t%s\n' "$out" "${f#"$top"/}" >>"$tmp/list"
done

"$py" - "$tmp/list" "$crashed" <<'PY'
import json, sys
rows = [l.rstrip('\n').split('\t') for l in open(sys.argv[1])]
crashed = int(sys.argv[2])
passed = failed = alerts = 0
for base, name in rows:
    report = json.load(open(base + '.json'))
    stream = [json.loads(l) for l in open(base + '.ndjson')]
    listed = report['scans'] + report['knocks']
    # Order: scans in the order decided, then knocks (read mode decides all
    # at once, scans first); compare as multisets of identities too, so a
    # failure says what is missing where.
    ident = lambda a: (a['event']['dataset'], a.get('source', {}).get('ip'), a['event']['start'])
    s_ids, r_ids = [ident(a) for a in stream], [ident(a) for a in listed]
    missing = [i for i in s_ids if i not in r_ids]
    extra = [i for i in r_ids if i not in s_ids]
    if missing or extra or stream != listed:
        failed += 1
        print('alerts FAIL: %s: %d alert lines, %d in the report; not in the report: %s; '
              'not in the stream: %s%s' % (name, len(stream), len(listed), missing[:3], extra[:3],
              '' if missing or extra else '; same alerts, different content or order'))
    else:
        passed += 1
    alerts += len(stream)
print('alerts: %d captures, %d alerts matched; %d passed, %d failed' %
      (len(rows) + crashed, alerts, passed, failed + crashed))
sys.exit(1 if failed or crashed else 0)
PY
