#!/usr/bin/env bash
# tests/ipfix_test.sh - the IPFIX output against real collectors, on the
# loopback only: nfcapd (nfdump 1.7) on 127.0.0.1 and a free port gets
# `portlens read --ipfix` of mixed.pcap, masscan.pcap and a generated mix
# (tests/bench/gen, when given); nfdump then must show the same flows as
# the NDJSON (-F): per flow, matched by addresses, ports, protocol and
# start ms, equal packets and IP bytes each way (RFC 5103 reverse IEs are
# nfdump's out_packets/out_bytes), and the report must say every record
# went out (outputs.ipfix.records == flows.total, records_lost 0). Also a
# tunnelled capture (tests/tools/mktunnels.py): its VXLAN flows go in
# templates 258/259 with layer2SegmentId, and nfcapd still gets every flow.
# ipfixDump (libfixbuf-tools) decodes --ipfix-file with the expected data
# record count and the templates; for the tunnelled capture, one
# layer2SegmentId per VXLAN flow line, 0x01 << 56 | its VNI. With no collector, the run ends in
# bounded time, exit 0, with the failed sends counted. Bad addresses
# exit 2 naming --ipfix.
# Skips cleanly (exit 0, a message) without nfcapd/nfdump/ipfixDump or
# python3 (make test-deps installs nfdump and libfixbuf-tools).
# Usage: tests/ipfix_test.sh PORTLENS [GEN]
set -u
bin=$(readlink -f "${1:?usage: ipfix_test.sh PORTLENS [GEN]}")
gen=${2:-}
here=$(cd "$(dirname "$0")" && pwd)
for t in nfcapd nfdump ipfixDump python3; do
	command -v $t >/dev/null 2>&1 || { echo "ipfix: skipped ($t missing: make test-deps)"; exit 0; }
done
tmp=$(mktemp -d /tmp/portlens-ipfix-XXXXXX)
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "ipfix FAIL: $*"; }
nf_pid=
cleanup() {
	[ -n "$nf_pid" ] && kill "$nf_pid" 2>/dev/null && wait "$nf_pid" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

# A UDP port nothing listens on (bound, read, released).
free_port() {
	python3 -c 'import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# start_nfcapd DIR PORT: nfcapd in the background, until it listens (5 s).
start_nfcapd() {
	mkdir -p "$1"
	nfcapd -b 127.0.0.1 -p "$2" -w "$1" -B 33554432 >"$1.log" 2>&1 &
	nf_pid=$!
	for _ in $(seq 50); do
		ss -Huln "sport = :$2" 2>/dev/null | grep -q . && return 0
		sleep 0.1
	done
	return 1
}

# stop_nfcapd: SIGTERM makes nfcapd write out what it holds.
stop_nfcapd() {
	kill -TERM "$nf_pid" 2>/dev/null
	for _ in $(seq 100); do kill -0 "$nf_pid" 2>/dev/null || break; sleep 0.1; done
	wait "$nf_pid" 2>/dev/null
	nf_pid=
}

# compare NAME PCAP: one capture through nfcapd, checked flow by flow.
compare() {
	local name=$1 pcap=$2 port d=$tmp/$1
	port=$(free_port)
	if ! start_nfcapd "$d" "$port"; then
		bad "$name: nfcapd did not listen on 127.0.0.1:$port ($(tail -c 300 "$d.log"))"
		return
	fi
	timeout 120 "$bin" read -q --no-system-services --ipfix "127.0.0.1:$port" \
		-F "$d.flows.ndjson" -o "$d.report.json" "$pcap"
	local rc=$?
	sleep 0.3 # the last datagrams reach nfcapd's socket
	stop_nfcapd
	[ "$rc" = 0 ] && ok || bad "$name: portlens exit $rc"
	TZ=UTC nfdump -q -R "$d" -o json >"$d.nfdump.json" 2>"$d.nfdump.err" ||
		{ bad "$name: nfdump -R failed: $(head -c 300 "$d.nfdump.err")"; return; }
	python3 - "$d.flows.ndjson" "$d.nfdump.json" "$d.report.json" "$name" <<'PY' && ok || bad "$name: nfdump and the NDJSON disagree (above)"
import collections, json, sys
flows_path, nf_path, report_path, name = sys.argv[1:]
ICMP = (1, 58)

def key(src, dst, sp, dp, proto, start_ms):
    if proto in ICMP:
        sp = dp = 0
    return (src, dst, sp, dp, proto, start_ms)

ours = collections.Counter()
for line in open(flows_path):
    f = json.loads(line)
    proto = int(f['network']['iana_number'])
    start = f['event']['start'][:23]  # ms, as nfdump prints it
    k = key(f['source']['ip'], f['destination']['ip'], f['source'].get('port', 0),
            f['destination'].get('port', 0), proto, start)
    p = f['portlens']
    ours[k + (f['source']['packets'], p['orig_ip_bytes'],
              f['destination']['packets'], p['resp_ip_bytes'])] += 1
theirs = collections.Counter()
def nf_records(text):
    # nfdump -q -o json: objects one after another, comma separated,
    # without the enclosing array
    dec, i = json.JSONDecoder(), 0
    while True:
        while i < len(text) and text[i] in ' \t\r\n,[]':
            i += 1
        if i >= len(text):
            return
        r, i = dec.raw_decode(text, i)
        yield r
for r in nf_records(open(nf_path).read()):
    src = r.get('src4_addr') or r.get('src6_addr')
    dst = r.get('dst4_addr') or r.get('dst6_addr')
    k = key(src, dst, r.get('src_port', 0), r.get('dst_port', 0), r['proto'], r['first'][:23])
    theirs[k + (r['in_packets'], r['in_bytes'], r.get('out_packets', 0), r.get('out_bytes', 0))] += 1
report = json.load(open(report_path))
out = report.get('outputs', {}).get('ipfix', {})
total = report['flows']['total']
n_ours, n_theirs = sum(ours.values()), sum(theirs.values())
same = sum((ours & theirs).values())
print('ipfix: %s: %d flows in the NDJSON, %d in nfdump, %d equal in every field; '
      'report records %s, lost %s, messages %s' % (name, n_ours, n_theirs, same,
      out.get('records'), out.get('records_lost'), out.get('messages')))
ok = n_ours == n_theirs == same == total and out.get('records') == total and \
     out.get('records_lost') == 0 and out.get('errors') == 0 and total > 0
if not ok:
    for k in list((ours - theirs).elements())[:3]:
        print('  only in the NDJSON:', k)
    for k in list((theirs - ours).elements())[:3]:
        print('  only in nfdump:    ', k)
sys.exit(0 if ok else 1)
PY
}

compare mixed "$here/../samples/pcap/mixed.pcap"
compare masscan "$here/../samples/pcap/masscan.pcap"
python3 "$here/tools/mktunnels.py" "$tmp/tunnels.pcap" || bad "mktunnels.py failed"
compare tunnels "$tmp/tunnels.pcap"
if [ -n "$gen" ] && [ -x "$gen" ]; then
	"$gen" mix 300000 20000 "$tmp/mix-300k.pcap" >/dev/null
	compare mix-300k "$tmp/mix-300k.pcap"
fi

# --ipfix-file: ipfixDump reads it whole, with every record and both templates.
"$bin" read -q --ipfix-file "$tmp/x.ipfix" -o "$tmp/x.json" "$here/../samples/pcap/mixed.pcap" &&
	ok || bad "--ipfix-file: portlens failed"
want=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["flows"]["total"])' "$tmp/x.json" 2>/dev/null)
ipfixDump --in "$tmp/x.ipfix" --out "$tmp/x.dump" 2>"$tmp/x.err"; drc=$?
[ "$drc" = 0 ] && [ ! -s "$tmp/x.err" ] && ok || bad "ipfixDump exit $drc: $(head -c 300 "$tmp/x.err")"
got=$(grep -c -- '--- data record' "$tmp/x.dump")
[ -n "$want" ] && [ "$got" = "$want" ] && ok || bad "ipfixDump: $got data records, want $want"
grep -q 'tid:   256 (0x0100)    field count:    17' "$tmp/x.dump" && ok || bad "ipfixDump: no IPv4 template"
grep -q 'reverseOctetDeltaCount' "$tmp/x.dump" && ok || bad "ipfixDump: no reverse IE in the template"
echo "ipfix: --ipfix-file: $got data records decoded by ipfixDump (want $want)"

# Tunnels: one layer2SegmentId (IE 351) per VXLAN flow line, 0x01 << 56 |
# the VNI, in template 258 (the IPv4 flows here) with 18 fields.
"$bin" read -q --ipfix-file "$tmp/t.ipfix" -F "$tmp/t.flows" -o /dev/null "$tmp/tunnels.pcap" &&
	ipfixDump --in "$tmp/t.ipfix" --out "$tmp/t.dump" 2>"$tmp/t.err" && ok ||
	bad "tunnels: --ipfix-file or ipfixDump failed: $(head -c 300 "$tmp/t.err")"
grep -q 'tid:   258 (0x0102)    field count:    18' "$tmp/t.dump" && ok ||
	bad "ipfixDump: no template 258 with 18 fields"
python3 - "$tmp/t.flows" "$tmp/t.dump" <<'PY' && ok || bad "tunnels: layer2SegmentId differs from the flow lines (above)"
import json, re, sys
tunnels = (json.loads(line)['portlens'].get('tunnel') for line in open(sys.argv[1]))
want = sorted((1 << 56) | t['id'] for t in tunnels if t and t['type'] == 'vxlan' and 'id' in t)
got = sorted(int(v) for v in re.findall(r'layer2SegmentId : (\d+)', open(sys.argv[2]).read()))
print('ipfix: tunnels: layer2SegmentId of %d records, %d VXLAN flow lines' % (len(got), len(want)))
sys.exit(0 if got == want and want else 1)
PY

# No collector: bounded time, exit 0, failed sends counted.
dead=$(free_port)
t0=$(date +%s)
timeout 30 "$bin" read -q --ipfix "127.0.0.1:$dead" -o "$tmp/down.json" "$here/../samples/pcap/mixed.pcap"
rc=$?
[ "$rc" = 0 ] && ok || bad "collector down: exit $rc (124: hung)"
python3 - "$tmp/down.json" <<'PY' && ok || bad "collector down: failures not counted (above)"
import json, sys
o = json.load(open(sys.argv[1]))['outputs']['ipfix']
print('ipfix: collector down: records %(records)d, messages %(messages)d, errors %(errors)d, '
      'records_lost %(records_lost)d' % o)
sys.exit(0 if 0 < o['errors'] and 0 < o['records_lost'] <= o['records'] else 1)
PY
echo "ipfix: collector down: done in $(( $(date +%s) - t0 )) s"

# Bad addresses: usage errors naming the option.
for a in nohost 1.2.3.4:99999 '[::1]' 'host:0'; do
	"$bin" read -q --ipfix "$a" -o /dev/null "$here/../samples/pcap/mixed.pcap" 2>"$tmp/err"
	rc=$?
	[ "$rc" = 2 ] && grep -q -- '--ipfix' "$tmp/err" && ok || bad "--ipfix '$a': exit $rc, $(head -c 200 "$tmp/err")"
done
echo "ipfix: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
