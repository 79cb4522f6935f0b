#!/usr/bin/env bash
# tests/live_test.sh - portlens live for real, inside network namespaces
# this script creates (traffic never leaves them): a veth pair between
# plt-a (10.99.0.1) and plt-b (10.99.0.2), a listener on 10.99.0.2:8080,
# portlens live on plt-b's end, a bounded connect scan of 40 ports and a
# few real connections from plt-a, then SIGINT. Checks: exit 0, a
# complete report, the scan from 10.99.0.1, the pcap drop counters, the
# stats line, the -w capture, and (with -Z nobody) the process's uid.
# Skips cleanly (exit 0, a message) when not root or without ip(8).
# Usage: tests/live_test.sh PATH/TO/portlens
set -u
bin=$(readlink -f "${1:?usage: live_test.sh PORTLENS}")
if [ "$(id -u)" != 0 ] || ! command -v ip >/dev/null 2>&1 || ! command -v python3 >/dev/null 2>&1; then
	echo "live: skipped (needs root, ip(8) and python3 for the namespace test)"
	exit 0
fi
tmp=$(mktemp -d /tmp/portlens-live-XXXXXX)
chmod 755 "$tmp"
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "live FAIL: $*"; }
cleanup() {
	[ -n "${pl_pid:-}" ] && kill "$pl_pid" 2>/dev/null
	[ -n "${srv_pid:-}" ] && kill "$srv_pid" 2>/dev/null
	ip netns del plt-a 2>/dev/null
	ip netns del plt-b 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT INT TERM
cleanup_ns_only() { ip netns del plt-a 2>/dev/null; ip netns del plt-b 2>/dev/null; }
cleanup_ns_only
if ! ip netns add plt-a || ! ip netns add plt-b; then
	echo "live: skipped (cannot create network namespaces here)"
	exit 0
fi
ip link add plt-va netns plt-a type veth peer name plt-vb netns plt-b || { echo "live: skipped (no veth)"; exit 0; }
ip -n plt-a addr add 10.99.0.1/24 dev plt-va
ip -n plt-b addr add 10.99.0.2/24 dev plt-vb
ip -n plt-a link set plt-va up; ip -n plt-a link set lo up
ip -n plt-b link set plt-vb up; ip -n plt-b link set lo up

mkdir -p "$tmp/www" && echo hello > "$tmp/www/index.html"
ip netns exec plt-b timeout 60 python3 -m http.server 8080 --bind 10.99.0.2 --directory "$tmp/www" >/dev/null 2>&1 &
srv_pid=$!
ip netns exec plt-b timeout 60 "$bin" live -i plt-vb --interval 1 -Z nobody \
	-o "$tmp/report.json" -A "$tmp/alerts.ndjson" -w "$tmp/capture.pcap" \
	>"$tmp/out" 2>"$tmp/err" &
pl_pid=$!
sleep 1.5
# The process dropped root after opening the interface (-Z nobody).
pl_child=$(pgrep -P "$pl_pid" -f "portlens live" | head -1)
[ -z "$pl_child" ] && pl_child=$pl_pid
uid=$(awk '/^Uid:/ {print $2}' "/proc/$pl_child/status" 2>/dev/null)
nobody=$(id -u nobody)
[ "$uid" = "$nobody" ] && ok || bad "-Z nobody: uid is '$uid', want $nobody"
# A bounded connect scan (40 ports, 1 s timeout each) and 3 real requests.
ip netns exec plt-a bash -c 'for p in $(seq 1 40); do timeout 1 bash -c "exec 3<>/dev/tcp/10.99.0.2/$p" 2>/dev/null; done; true'
for i in 1 2 3; do
	ip netns exec plt-a timeout 5 python3 -c 'import urllib.request; urllib.request.urlopen("http://10.99.0.2:8080/", timeout=3).read()' || true
done
sleep 2.5
kill -INT "$pl_pid"
wait "$pl_pid"; rc=$?
pl_pid=
[ "$rc" = 0 ] && ok || bad "exit status $rc after SIGINT (stderr: $(head -c 300 "$tmp/err"))"
grep -q '"schema_version":1' "$tmp/report.json" && ok || bad "no complete report"
grep -q '"source":{"ip":"10.99.0.1"}' "$tmp/report.json" && ok || bad "the scan from 10.99.0.1 is not in the report"
grep -q '"live":{"received":[0-9]*,"dropped_kernel":[0-9]*,"dropped_interface":[0-9]*}' "$tmp/report.json" && ok || bad "no drop counters in the report"
grep -q '"interrupted":true' "$tmp/report.json" && ok || bad "report does not say it was interrupted"
grep -q '"bucket_s":10.0,.*"rolling":true' "$tmp/report.json" && ok || bad "live timeline does not roll in 10 s buckets"
grep -q '"dataset":"portlens.stats"' "$tmp/alerts.ndjson" && ok || bad "no stats line on the alert stream"
grep -q '"dataset":"portlens.scan"' "$tmp/alerts.ndjson" && ok || bad "no scan alert on the alert stream"
# The stream and the report agree: the same alerts (dataset, source,
# start), each once. In live mode an alert is written when decided and
# its record may still grow, so only identities are compared.
python3 - "$tmp/report.json" "$tmp/alerts.ndjson" <<'PY' && ok || bad "alert stream and report disagree"
import json, sys
report = json.load(open(sys.argv[1]))
stream = [json.loads(l) for l in open(sys.argv[2])]
ident = lambda a: (a['event']['dataset'], a.get('source', {}).get('ip'), a['event']['start'])
s = [ident(a) for a in stream if a['event']['dataset'] != 'portlens.stats']
r = [ident(a) for a in report['scans'] + report['knocks']]
if sorted(s) != sorted(r) or len(set(s)) != len(s) or not s:
    print('stream %s\nreport %s' % (s, r))
    sys.exit(1)
PY
"$bin" read "$tmp/capture.pcap" > "$tmp/reread.json" 2>/dev/null && ok || bad "-w capture unreadable"
grep -q '"source":{"ip":"10.99.0.1"}' "$tmp/reread.json" && ok || bad "-w capture lacks the scan"
# An idle interface: --duration still ends the capture (no packet needed).
ip netns exec plt-b timeout 15 "$bin" live -i plt-vb --duration 2 --interval 1 -q \
	-o "$tmp/idle.json" -A "$tmp/idle.ndjson"; idle_rc=$?
[ "$idle_rc" = 0 ] && ok || bad "idle capture with --duration 2: exit $idle_rc (124 = hung)"
[ "$(grep -c portlens.stats "$tmp/idle.ndjson" 2>/dev/null)" -ge 1 ] && ok || bad "idle capture wrote no stats line"
echo "live: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
