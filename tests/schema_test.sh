#!/usr/bin/env bash
# tests/schema_test.sh - validate portlens's JSON outputs against the JSON
# Schemas in docs/schema/ (draft 2020-12) with a real validator.
#
# Runs portlens over every samples/pcap/*.pcap (with --knockd-conf
# samples/knockd.conf when present) and over a few synthetic captures
# built here (SPA, an incomplete knock, a knock no knockd section names,
# a sequence used twice, VLAN, GRE, ICMP, IPv6, a later fragment, an
# empty capture, an unsupported link type: the variants the lab captures
# lack), over tunnelled traffic (tests/tools/mktunnels.py: VXLAN over IPv4
# and IPv6, GRE with a key, IP in IP, GRE in UDP, GRE in GRE, a cut VXLAN
# header, a look-alike; once with 4100 VXLAN contexts, past the cap of
# 4096; with --tunnel-key and with --no-decap), and over every capture in
# ../shared/corpus-tunnels (PORTLENS_CORPUS_TUNNELS) when it is there.
# Validates every report, every --flows line and every --alerts
# line, the goldens in samples/expected/, and checks the invariants a
# schema cannot state (accounting identity, report totals = NDJSON sums,
# alert lines = the report's scans[] + knocks[], tunnels.flows = the flow
# lines with portlens.tunnel). Also parses docs/examples/ (YAML, JSON,
# Logstash brace balance).
#
# Usage: tests/schema_test.sh PATH/TO/portlens
# Needs python3 with jsonschema (>= 4.0, Debian python3-jsonschema) and
# yaml (python3-yaml); `make deps` installs them. Without them it fails
# and says so, unless SCHEMA_SKIP_MISSING=1, which skips (exit 0).
# PYTHON=... picks the interpreter (default python3).
# Last line: "schema: N documents; P passed, M failed"; exit 1 when M > 0.
set -u
bin=${1:?usage: schema_test.sh PORTLENS}
root=$(cd "$(dirname "$0")/.." && pwd)
py=${PYTHON:-python3}

missing() {
	if [ "${SCHEMA_SKIP_MISSING:-0}" = 1 ]; then
		echo "schema: skipped: $1 (SCHEMA_SKIP_MISSING=1)"
		exit 0
	fi
	echo "schema: $1; run 'make deps' (or set SCHEMA_SKIP_MISSING=1 to skip)" >&2
	exit 1
}
command -v "$py" >/dev/null 2>&1 || missing "$py not found (Debian: python3)"
"$py" -c 'import jsonschema; jsonschema.Draft202012Validator' >/dev/null 2>&1 ||
	missing "python module jsonschema >= 4.0 missing (Debian: python3-jsonschema)"
"$py" -c 'import yaml' >/dev/null 2>&1 || missing "python module yaml missing (Debian: python3-yaml)"
[ -x "$bin" ] || { echo "schema: $bin: not an executable" >&2; exit 1; }

tmp=$(mktemp -d /tmp/portlens-schema-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/runs" "$tmp/pcap"

# ---- synthetic captures (pcap, Ethernet, microseconds) ----
"$py" - "$tmp/pcap" <<'EOF' || { echo "schema: cannot build the synthetic captures" >&2; exit 1; }
import os, socket, struct, sys
out = sys.argv[1]
def csum(b):
    s = sum(struct.unpack('!%dH' % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff
def eth(payload, etype=0x0800, vlan=None):
    h = bytes.fromhex('020000000001020000000002')
    if vlan is not None:
        h += struct.pack('!HH', 0x8100, vlan)
    return h + struct.pack('!H', etype) + payload
def ipv4(src, dst, proto, payload, frag=0):
    h = struct.pack('!BBHHHBBH4s4s', 0x45, 0, 20 + len(payload), 1, frag, 64, proto, 0,
                    socket.inet_aton(src), socket.inet_aton(dst))
    return h[:10] + struct.pack('!H', csum(h)) + h[12:] + payload
def ipv6(src, dst, nh, payload):
    return (struct.pack('!IHBB', 6 << 28, len(payload), nh, 64) +
            socket.inet_pton(socket.AF_INET6, src) + socket.inet_pton(socket.AF_INET6, dst) + payload)
def tcp(sp, dp, flags, seq=1, ack=0, data=b''):
    return struct.pack('!HHIIBBHHH', sp, dp, seq, ack, 5 << 4, flags, 65535, 0, 0) + data
def udp(sp, dp, data):
    return struct.pack('!HHHH', sp, dp, 8 + len(data), 0) + data
FIN, SYN, RST, PSH, ACK = 1, 2, 4, 8, 16
pkts = []
def add(t, frame, vlan=None):
    pkts.append((t, eth(frame[14:], vlan=vlan) if vlan else frame))
def conn(t, c, s, cp, sp, vlan=None):
    """A real connection: handshake, data both ways, FIN both ways."""
    for dt, fr in ((0, ipv4(c, s, 6, tcp(cp, sp, SYN, 100))),
                   (1, ipv4(s, c, 6, tcp(sp, cp, SYN | ACK, 500, 101))),
                   (2, ipv4(c, s, 6, tcp(cp, sp, ACK, 101, 501))),
                   (3, ipv4(c, s, 6, tcp(cp, sp, PSH | ACK, 101, 501, b'hello\n'))),
                   (4, ipv4(s, c, 6, tcp(sp, cp, PSH | ACK, 501, 107, b'hi\n'))),
                   (5, ipv4(c, s, 6, tcp(cp, sp, FIN | ACK, 107, 504))),
                   (6, ipv4(s, c, 6, tcp(sp, cp, FIN | ACK, 504, 108))),
                   (7, ipv4(c, s, 6, tcp(cp, sp, ACK, 108, 505)))):
        add(t + dt / 1000, eth(fr), vlan)
T, srv = 1700000000, '10.9.0.10'
# SPA: one UDP datagram, then a real connection within 10 s.
add(T + 1, eth(ipv4('10.9.0.2', srv, 17, udp(40000, 62201, b'x' * 64))))
conn(T + 2, '10.9.0.2', srv, 40001, 22)
# An incomplete knock: the start of knockd.conf's openSSH, refused.
for k, p in enumerate((7000, 8000)):
    add(T + 40 + k / 2, eth(ipv4('10.9.0.3', srv, 6, tcp(41000 + k, p, SYN))))
    add(T + 40.001 + k / 2, eth(ipv4(srv, '10.9.0.3', 6, tcp(p, 41000 + k, RST | ACK, 0, 2))))
# One sequence no section names opens 4444 for two sources (rule null;
# a known_knock_sequences entry).
for i, c in enumerate(('10.9.0.4', '10.9.0.5')):
    for k, p in enumerate((1111, 2222, 3333)):
        add(T + 80 + 60 * i + 0.3 * k, eth(ipv4(c, srv, 6, tcp(42000 + k, p, SYN))))
    conn(T + 82 + 60 * i, c, srv, 42100, 4444)
# VLAN 42, GRE, ICMP echo, IPv6 UDP refused by ICMPv6, a later fragment.
conn(T + 300, '10.9.1.2', '10.9.1.10', 43000, 80, vlan=42)
add(T + 301, eth(ipv4('10.9.1.2', '10.9.1.10', 47, bytes(24))))
for dt, a, b, typ in ((0, '10.9.1.2', '10.9.1.10', 8), (0.001, '10.9.1.10', '10.9.1.2', 0)):
    add(T + 302 + dt, eth(ipv4(a, b, 1, struct.pack('!BBHHH', typ, 0, 0, 7, 1) + b'ping')))
q = ipv6('fd00:9::2', 'fd00:9::10', 17, udp(44000, 5000, b'q'))
add(T + 303, eth(q, 0x86dd))
add(T + 303.001, eth(ipv6('fd00:9::10', 'fd00:9::2', 58, struct.pack('!BBHI', 1, 4, 0, 0) + q), 0x86dd))
add(T + 304, eth(ipv4('10.9.1.2', '10.9.1.10', 17, bytes(16), frag=0x0010)))
pkts.sort(key=lambda p: p[0])
def write(name, records, linktype=1):
    with open(os.path.join(out, name), 'wb') as f:
        f.write(struct.pack('<IHHiIII', 0xa1b2c3d4, 2, 4, 0, 0, 65535, linktype))
        for t, fr in records:
            us = int(round(t * 1e6))
            f.write(struct.pack('<IIII', us // 1000000, us % 1000000, len(fr), len(fr)) + fr)
write('synthetic.pcap', pkts)
write('synthetic-empty.pcap', [])
write('synthetic-linktype147.pcap', pkts[:2], linktype=147)
EOF

"$py" "$root/tests/tools/mktunnels.py" "$tmp/pcap/tunnels.pcap" &&
	"$py" "$root/tests/tools/mktunnels.py" "$tmp/pcap/tunnels-contexts.pcap" --contexts 4100 ||
	{ echo "schema: cannot build the tunnel captures" >&2; exit 1; }

# ---- run portlens: NAME EXPECTED_RCS PCAP [options] (RCS: "0", or "0 3") ----
conf=()
[ -f "$root/samples/knockd.conf" ] && conf=(--knockd-conf "$root/samples/knockd.conf")
run() {
	local name=$1 want=$2 pcap=$3; shift 3
	local o="$tmp/runs/$name"
	"$bin" read --quiet --seed 1 --pretty -o "$o.report.json" --flows "$o.flows.ndjson" \
		--alerts "$o.alerts.ndjson" "$@" "$pcap" 2>"$o.stderr"
	echo "$?" >"$o.rc"
	echo "$want" >"$o.want"
}
for p in "$root"/samples/pcap/*.pcap; do
	[ -e "$p" ] || continue
	run "$(basename "$p" .pcap)" 0 "$p" "${conf[@]}"
done
for n in synthetic synthetic-empty; do run "$n" 0 "$tmp/pcap/$n.pcap" "${conf[@]}"; done
run synthetic-noconf 0 "$tmp/pcap/synthetic.pcap"
run synthetic-linktype147 3 "$tmp/pcap/synthetic-linktype147.pcap"
run tunnels 0 "$tmp/pcap/tunnels.pcap"
run tunnels-key 0 "$tmp/pcap/tunnels.pcap" --tunnel-key
run tunnels-nodecap 0 "$tmp/pcap/tunnels.pcap" --no-decap
run tunnels-contexts 0 "$tmp/pcap/tunnels-contexts.pcap"
# Real tunnel captures, when ../shared is there (a damaged one may end
# with exit 3 and still write its report).
tdir=${PORTLENS_CORPUS_TUNNELS:-$root/../shared/corpus-tunnels}
ntun=0
if [ -d "$tdir" ]; then
	for p in "$tdir"/*.pcap "$tdir"/*.pcapng; do
		[ -e "$p" ] || continue
		run "corpus-tunnels-$(basename "$p")" "0 3" "$p"
		ntun=$((ntun + 1))
	done
fi
if [ "$ntun" -gt 0 ]; then echo "schema: $ntun tunnel captures from $tdir"
else echo "schema: $tdir absent: synthetic tunnel captures only"; fi

# ---- validate ----
"$py" - "$root" "$tmp/runs" <<'EOF'
import glob, json, os, re, socket, sys, datetime
import jsonschema, yaml
from jsonschema import Draft202012Validator as V

root, runs = sys.argv[1], sys.argv[2]
sdir = os.path.join(root, 'docs', 'schema')
schemas = {}
for n in ('report', 'flow', 'alert'):
    with open(os.path.join(sdir, n + '.schema.json')) as f:
        schemas[n] = json.load(f)
    V.check_schema(schemas[n])

# Formats: the stock checker (ipv4, ipv6 ...), made stricter: IPv6 must be
# inet_ntop's RFC 5952 text; date-time a real calendar time (the schemas'
# patterns fix the shape: nine fractional digits, Z).
fc = jsonschema.FormatChecker()
@fc.checks('ipv6', raises=(OSError, ValueError))
def _ipv6(s):
    return not isinstance(s, str) or socket.inet_ntop(socket.AF_INET6, socket.inet_pton(socket.AF_INET6, s)) == s
@fc.checks('ipv4', raises=(OSError, ValueError))
def _ipv4(s):
    return not isinstance(s, str) or socket.inet_ntop(socket.AF_INET, socket.inet_pton(socket.AF_INET, s)) == s
@fc.checks('date-time', raises=ValueError)
def _dt(s):
    return not isinstance(s, str) or bool(datetime.datetime.strptime(s[:19], '%Y-%m-%dT%H:%M:%S'))

try:  # jsonschema >= 4.18
    from referencing import Registry, Resource
    reg = Registry().with_resources(
        [(s['$id'], Resource.from_contents(s)) for s in schemas.values()])
    def validator(s):
        return V(s, registry=reg, format_checker=fc)
except ImportError:  # Debian 12: jsonschema 4.10
    store = {s['$id']: s for s in schemas.values()}
    def validator(s):
        return V(s, resolver=jsonschema.RefResolver.from_schema(s, store=store), format_checker=fc)
val = {n: validator(s) for n, s in schemas.items()}
# For readable messages: the alert branch a line claims by its dataset.
branch = {'portlens.scan': 'scan_alert', 'portlens.knock': 'knock_alert',
          'portlens.spa': 'knock_alert', 'portlens.stats': 'stats_line'}
def one_branch(b):
    s = {k: v for k, v in schemas['alert'].items() if k != 'oneOf'}
    s['$ref'] = '#/$defs/' + b
    return validator(s)
alert_branch = {b: one_branch(b) for b in set(branch.values())}

ok = bad = 0
shown = 0
def fail(where, msgs):
    global bad, shown
    bad += 1
    for m in msgs[:3]:
        if shown < 40:
            print('schema FAIL: %s: %s' % (where, m))
            shown += 1
def errors_of(kind, doc):
    v = val[kind]
    if v.is_valid(doc):
        return []
    if kind == 'alert':
        ds = (doc.get('event') or {}).get('dataset') if isinstance(doc, dict) else None
        if ds in branch:
            v = alert_branch[branch[ds]]
    errs = sorted(v.iter_errors(doc), key=lambda e: list(map(str, e.absolute_path)))
    return ['/%s: %s' % ('/'.join(map(str, e.absolute_path)), e.message[:300]) for e in errs] \
        or ['invalid (oneOf: no branch or several)']
counts = {}
def check(kind, where, doc, extra=()):
    counts[kind] = counts.get(kind, 0) + 1
    msgs = errors_of(kind, doc) + [m for m in extra if m]
    if msgs:
        fail(where, msgs)
    else:
        global ok
        ok += 1
    return not msgs

def ns(ts):
    d = datetime.datetime.strptime(ts[:19], '%Y-%m-%dT%H:%M:%S').replace(tzinfo=datetime.timezone.utc)
    return int(d.timestamp()) * 10**9 + int(ts[20:29])
def report_invariants(r):
    m = []
    try:
        d, c = r['decode'], r['capture']
        if d['l4'] + d['l3_only'] + d['non_ip'] + d['errors'] != c['packets']:
            m.append('decode.l4 + l3_only + non_ip + errors != capture.packets')
        if sum(d['by_error'].values()) != d['errors']:
            m.append('sum(decode.by_error) != decode.errors')
        if sum(r['flows']['by_transport'].values()) != r['flows']['total']:
            m.append('sum(flows.by_transport) != flows.total')
        if sum(r['flows']['ended_by'].values()) != r['flows']['total']:
            m.append('sum(flows.ended_by) != flows.total')
        if sum(f['packets'] for f in c['files']) != c['packets']:
            m.append('sum(capture.files[].packets) != capture.packets')
        o = r.get('outputs', {})
        for name in ('flows', 'ipfix'):
            if name in o and o[name]['records'] != r['flows']['total']:
                m.append('outputs.%s.records != flows.total' % name)
            if name in o and o[name]['records_lost'] > o[name]['records']:
                m.append('outputs.%s.records_lost > records' % name)
        if 'alerts' in o and o['alerts']['records'] < len(r['scans']) + len(r['knocks']):
            m.append('outputs.alerts.records < scans + knocks')
        t = r.get('timeline')
        if t is not None:
            if any(len(t[k][s]) != t['buckets'] for k in ('packets', 'bytes') for s in t[k]):
                m.append('timeline: a series is not timeline.buckets long')
            inside = sum(sum(v) for v in t['packets'].values())
            if inside + t['outside']['packets'] != c['packets']:
                m.append('timeline: buckets + outside.packets != capture.packets')
            if t['outside']['before'] + t['outside']['after'] != t['outside']['packets']:
                m.append('timeline: outside.before + after != outside.packets')
            if (t['start'] is None) != (inside == 0):
                m.append('timeline: start is null exactly when no packet is in a bucket')
        m += tunnel_invariants(r)
    except (KeyError, TypeError, AttributeError, ValueError) as e:
        m.append('invariants: cannot read %r' % (e,))
    return m
def tunnel_invariants(r):
    """The tunnels section against itself and the flows (absent from older
    reports: nothing to check)."""
    tu, m = r.get('tunnels'), []
    if tu is None:
        return m
    by = tu['by_type'].values()
    if sum(tu['outer_transport'].values()) != tu['packets']:
        m.append('tunnels: sum(outer_transport) != packets')
    if by and not max(c['decapsulated'] for c in by) <= tu['packets'] <= \
            sum(c['decapsulated'] for c in by):
        m.append('tunnels: packets outside [max, sum] of by_type.*.decapsulated')
    if any(c['decapsulated'] + c['errors'] > c['packets'] for c in by):
        m.append('tunnels: a type with decapsulated + errors > packets')
    if not tu['contexts'] + tu['contexts_dropped'] <= tu['flows'] <= r['flows']['total']:
        m.append('tunnels: not contexts + contexts_dropped <= flows <= flows.total')
    if not tu['decapsulation'] and (tu['packets'] or any(c['packets'] for c in by)):
        m.append('tunnels: packets decapsulated with decapsulation off')
    return m
def line_invariants(kind, o):
    m = []
    try:
        ev = o['event']
        if 'duration' in ev and ns(ev['end']) - ns(ev['start']) != ev['duration']:
            m.append('event.duration != event.end - event.start')
        if kind == 'flow':
            n = o['network']
            for k in ('packets', 'bytes'):
                if o['source'][k] + o['destination'][k] != n[k]:
                    m.append('source.%s + destination.%s != network.%s' % (k, k, k))
        elif 'knock' in o.get('portlens', {}):
            k = o['portlens']['knock']
            if len(k['delays_s']) != len(k['sequence']) - 1:
                m.append('len(delays_s) != len(sequence) - 1')
        elif 'scan' in o.get('portlens', {}):
            t = o['portlens']['scan']['targets']
            if len(t['list']) != min(t['count'], 32):
                m.append('len(targets.list) != min(targets.count, 32)')
    except (KeyError, TypeError, AttributeError, ValueError, IndexError) as e:
        m.append('invariants: cannot read %r' % (e,))
    return m
def ndjson(path):
    out = []
    if not os.path.exists(path):
        return out
    with open(path) as f:
        for i, line in enumerate(f, 1):
            try:
                out.append((i, json.loads(line)))
            except ValueError as e:
                out.append((i, e))
    return out

seen = set()
for rcfile in sorted(glob.glob(os.path.join(runs, '*.rc'))):
    base = rcfile[:-3]
    name = os.path.basename(base)
    rc, want = open(rcfile).read().strip(), open(base + '.want').read().strip()
    if rc not in want.split():
        fail(name, ['portlens exit %s, want %s: %s' % (rc, want, open(base + '.stderr').read()[:300])])
        continue
    try:
        with open(base + '.report.json') as f:
            rep = json.load(f)
    except (OSError, ValueError) as e:
        fail(name + '.report.json', ['not JSON: %s' % e])
        continue
    flows, alerts = ndjson(base + '.flows.ndjson'), ndjson(base + '.alerts.ndjson')
    x = report_invariants(rep)
    try:
        if len(flows) != rep['flows']['total']:
            x.append('%d flow lines, flows.total %d' % (len(flows), rep['flows']['total']))
        for k in ('packets', 'bytes'):
            s = sum(o['network'][k] for _, o in flows if isinstance(o, dict))
            if s != rep['flows'][k]:
                x.append('flow lines: sum(network.%s) %d != flows.%s %d' % (k, s, k, rep['flows'][k]))
        key = lambda o: json.dumps(o, sort_keys=True)
        got = sorted(key(o) for _, o in alerts  # not live's stats lines
                     if isinstance(o, dict) and (o.get('event') or {}).get('dataset') != 'portlens.stats')
        exp = sorted(key(o) for o in rep['scans'] + rep['knocks'])
        if got != exp:
            x.append('alert lines differ from scans[] + knocks[] (%d lines, %d objects)' % (len(got), len(exp)))
        tl = [o['portlens']['tunnel'] for _, o in flows
              if isinstance(o, dict) and 'tunnel' in o.get('portlens', {})]
        if 'tunnels' in rep:
            if len(tl) != rep['tunnels']['flows']:
                x.append('%d flow lines with portlens.tunnel, tunnels.flows %d'
                         % (len(tl), rep['tunnels']['flows']))
            # A refused context names the type alone (no depth); a tunnel
            # no IP header carried (NSH by EtherType) has a depth, no outer.
            bare = sum(1 for t in tl if 'depth' not in t)
            if bare != rep['tunnels']['contexts_dropped']:
                x.append('%d tunnel lines with the type alone, tunnels.contexts_dropped %d'
                         % (bare, rep['tunnels']['contexts_dropped']))
        for t in tl:
            seen.add('tunnel ' + t['type'])
            seen.add('tunnel context dropped' if 'outer' not in t else
                     'tunnel outer ipv%s' % ('6' if ':' in t['outer']['source']['ip'] else '4'))
    except (KeyError, TypeError) as e:
        x.append('cross-check: cannot read %r' % (e,))
    check('report', name + '.report.json', rep, x)
    for kind, lines, fn in (('flow', flows, '.flows.ndjson'), ('alert', alerts, '.alerts.ndjson')):
        for i, o in lines:
            where = '%s%s:%d' % (name, fn, i)
            if isinstance(o, Exception):
                fail(where, ['not JSON: %s' % o])
                continue
            if check(kind, where, o, line_invariants(kind, o)) and kind == 'alert':
                p = o['portlens']
                if 'knock' in p:
                    seen.add('knock %s %s rule=%s' % (p['knock']['kind'], p['knock']['outcome'],
                                                      'set' if p['knock']['rule'] else 'null'))
                elif 'scan' in p:
                    seen.add('scan ' + p['scan']['kind'])
    if rep.get('known_knock_sequences'):
        seen.add('known_knock_sequences')
    if rep.get('capture', {}).get('start') is None:
        seen.add('empty capture')

# Goldens are reports too, stored without their volatile "run" object
# (tests/test_golden.c), which is put back for the check; and their flow
# and alert lines are lines.
for p in sorted(glob.glob(os.path.join(root, 'samples', 'expected', '*.json'))):
    try:
        with open(p) as f:
            doc = json.load(f)
    except ValueError as e:
        fail(os.path.relpath(p, root), ['not JSON: %s' % e])
        continue
    doc.setdefault('run', {'elapsed_s': 0.0, 'interrupted': False})
    check('report', os.path.relpath(p, root), doc, report_invariants(doc))
for kind in ('flow', 'alert'):
    for p in sorted(glob.glob(os.path.join(root, 'samples', 'expected', '*.%ss.ndjson' % kind))):
        for i, line in enumerate(open(p), 1):
            where = '%s:%d' % (os.path.relpath(p, root), i)
            try:
                o = json.loads(line)
            except ValueError as e:
                fail(where, ['not JSON: %s' % e])
                continue
            check(kind, where, o, line_invariants(kind, o))

# Variants the schemas describe that no capture produced (information,
# not a failure: the detectors decide what a capture contains).
want = {'knock spa opened rule=null', 'knock knock opened rule=set', 'knock knock opened rule=null',
        'knock knock incomplete rule=set', 'knock knock failed rule=set', 'scan vertical',
        'scan horizontal', 'known_knock_sequences', 'empty capture', 'tunnel vxlan', 'tunnel gre',
        'tunnel ip_in_ip', 'tunnel gre_udp', 'tunnel context dropped', 'tunnel outer ipv4',
        'tunnel outer ipv6'}
if want - seen:
    print('schema: note: not exercised: ' + ', '.join(sorted(want - seen)))

# docs/examples: each file must parse.
def braces_balanced(text, comment):
    """Brackets balance outside quotes and comments (Logstash, Alloy)."""
    depth, quote = 0, None
    for line in text.splitlines():
        i = 0
        while i < len(line):
            ch = line[i]
            if quote:
                if ch == '\\':
                    i += 1
                elif ch == quote:
                    quote = None
            elif line.startswith(comment, i):
                break
            elif ch in '"\'':
                quote = ch
            elif ch in '{[':
                depth += 1
            elif ch in '}]':
                depth -= 1
                if depth < 0:
                    return False
            i += 1
    return depth == 0 and quote is None
for p in sorted(glob.glob(os.path.join(root, 'docs', 'examples', '*'))):
    rel = os.path.relpath(p, root)
    try:
        with open(p) as f:
            text = f.read()
        if p.endswith(('.yml', '.yaml')):
            docs = [d for d in yaml.safe_load_all(text) if d is not None]
            if not docs:
                raise ValueError('empty YAML')
        elif p.endswith('.json'):
            json.loads(text)
        elif p.endswith(('.conf', '.alloy')):
            if not braces_balanced(text, '#' if p.endswith('.conf') else '//'):
                raise ValueError('unbalanced brackets or quotes')
        else:
            continue
    except (ValueError, yaml.YAMLError) as e:
        fail(rel, [str(e)[:300]])
        continue
    finally:
        counts['example'] = counts.get('example', 0) + 1
    ok += 1

print('schema: checked %d reports (goldens included), %d flow lines, %d alert lines, %d examples'
      % (counts.get('report', 0), counts.get('flow', 0), counts.get('alert', 0), counts.get('example', 0)))
print("schema: %d documents; %d passed, %d failed" % (ok + bad, ok, bad))
sys.exit(1 if bad else 0)
EOF
