#!/usr/bin/env bash
# tests/metrics_test.sh - the metrics outputs end to end.
#  1. read --metrics-file of samples/pcap/mixed.pcap: promtool (when
#     installed) finds nothing to lint, and portlens_packets_total equals
#     the report's capture.packets. The same over a tunnelled capture
#     (tests/tools/mktunnels.py, with 4100 VXLAN contexts): every tunnel
#     series equals its field of the report's tunnels section, and the
#     context cap's portlens_cap_hits_total equals tunnels.contexts_dropped.
#  2. live, in network namespaces this script creates (traffic never
#     leaves them; names and subnet differ from live_test.sh, so both can
#     run): a veth pair plm-a (10.98.0.1) -- plm-b (10.98.0.2), bounded
#     traffic from plm-a (200 TCP connections, 300 UDP datagrams), and in
#     plm-b, on its own loopback, portlens live -Z nobody --metrics with
#     a linger and --metrics-file, and Debian's prometheus scraping it
#     every second. Checks: scrapes
#     during the capture answer (latency and size printed), the report is
#     written before the linger, a scrape during the linger has every
#     family, Prometheus's last sample equals the report's
#     capture.packets, the live --metrics-file too, and one SIGINT ends
#     the linger.
# Part 2 skips cleanly (a message) without root, ip(8), python3, curl or
# prometheus (make test-deps installs the last two).
# Usage: tests/metrics_test.sh PATH/TO/portlens
set -u
bin=$(readlink -f "${1:?usage: metrics_test.sh PORTLENS}")
here=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d /tmp/portlens-metrics-XXXXXX)
chmod 755 "$tmp"
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "metrics FAIL: $*"; }
finish() { echo "metrics: $pass passed, $fail failed"; [ "$fail" -eq 0 ]; exit; }
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
	# anything left inside the namespaces (started here) goes with them
	for ns in plm-a plm-b; do
		for p in $(ip netns pids $ns 2>/dev/null); do kill "$p" 2>/dev/null; done
	done
	wait 2>/dev/null
	ip netns del plm-a 2>/dev/null
	ip netns del plm-b 2>/dev/null
	[ -n "${METRICS_TEST_KEEP:-}" ] && echo "metrics: kept $tmp" || rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

# capture.packets of a report.
report_packets() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["capture"]["packets"])' "$1"; }
# The value of an unlabelled series in a metrics text.
metric() { sed -n "s/^$1 \([0-9.e+]*\)$/\1/p" "$2" | head -1; }
# Every family the renderer always writes (and portlens_capture_* when live).
families="portlens_build_info portlens_packets_total portlens_transport_bytes_total
portlens_decode_errors_total portlens_flows_active portlens_flows_ended_total
portlens_flows_ended_by_state_total portlens_port_class_bytes_total
portlens_port_flows_total portlens_alerts_total portlens_cap_hits_total
portlens_tunnel_decapsulation portlens_tunnel_packets_total portlens_tunnel_bytes_total
portlens_tunnel_decapsulated_total portlens_tunnel_errors_total
portlens_tunnel_not_tunnel_total portlens_tunnelled_packets_total
portlens_tunnelled_bytes_total portlens_tunnel_outer_transport_packets_total
portlens_tunnel_flows_total portlens_tunnel_contexts"
has_families() { # has_families FILE WHAT [EXTRA...]
	local f=$1 what=$2 fam missing=""; shift 2
	for fam in $families "$@"; do
		grep -q "^# TYPE $fam " "$f" || missing="$missing $fam"
	done
	[ -z "$missing" ] && ok || bad "$what: families missing:$missing"
}

# ---- 1. read --metrics-file --------------------------------------------------
"$bin" read -q --metrics-file "$tmp/mixed.prom" -o "$tmp/mixed.json" -A "$tmp/mixed.alerts" \
	"$here/samples/pcap/mixed.pcap" \
	&& ok || bad "read --metrics-file exit $?"
want=$(report_packets "$tmp/mixed.json")
got=$(metric portlens_packets_total "$tmp/mixed.prom")
[ -n "$want" ] && [ "$got" = "$want" ] && ok || bad "file: portlens_packets_total '$got', report '$want'"
has_families "$tmp/mixed.prom" "read --metrics-file"
if command -v promtool >/dev/null 2>&1; then
	lint=$(promtool check metrics <"$tmp/mixed.prom" 2>&1) && [ -z "$lint" ] && ok \
		|| bad "promtool check metrics: $lint"
else
	echo "metrics: promtool absent: lint skipped"
fi

# Tunnels: every tunnel series is its report field (a synthetic capture
# of VXLAN, GRE, IP in IP and GRE in UDP, 4100 VXLAN contexts: the cap of
# 4096 bites).
if python3 "$here/tests/tools/mktunnels.py" "$tmp/tunnels.pcap" --contexts 4100 &&
   "$bin" read -q --metrics-file "$tmp/tunnels.prom" -o "$tmp/tunnels.json" "$tmp/tunnels.pcap"; then
	ok
	python3 - "$tmp/tunnels.prom" "$tmp/tunnels.json" <<'PY' && ok || bad "tunnel series differ from the report (above)"
import json, re, sys
series = {}
for line in open(sys.argv[1]):
    m = re.match(r'^(portlens_[a-z_]+)(?:\{(.*)\})? (\S+)$', line)
    if m:
        series[(m.group(1), m.group(2) or '')] = float(m.group(3))
tu = json.load(open(sys.argv[2]))['tunnels']
want = {('portlens_tunnelled_packets_total', ''): tu['packets'],
        ('portlens_tunnelled_bytes_total', ''): tu['bytes'],
        ('portlens_tunnel_flows_total', ''): tu['flows'],
        ('portlens_tunnel_contexts', ''): tu['contexts'],
        ('portlens_tunnel_decapsulation', ''): int(tu['decapsulation']),
        ('portlens_cap_hits_total', 'cap="tunnels.contexts_dropped"'): tu['contexts_dropped']}
for typ, c in tu['by_type'].items():
    for field, name in (('packets', 'packets'), ('bytes', 'bytes'),
                        ('decapsulated', 'decapsulated'), ('errors', 'errors'),
                        ('not_tunnel', 'not_tunnel')):
        want[('portlens_tunnel_%s_total' % name, 'type="%s"' % typ)] = c[field]
for tr, v in tu['outer_transport'].items():
    want[('portlens_tunnel_outer_transport_packets_total', 'transport="%s"' % tr)] = v
bad = ['%s{%s}: metrics %s, report %s' % (k[0], k[1], series.get(k), v)
       for k, v in want.items() if series.get(k) != v]
for b in bad[:10]:
    print('  ' + b)
print('metrics: tunnels: %d series compared with the report; vxlan packets %d, '
      'contexts %d, contexts_dropped %d' % (len(want), tu['by_type']['vxlan']['packets'],
      tu['contexts'], tu['contexts_dropped']))
sys.exit(1 if bad or tu['contexts_dropped'] == 0 or tu['by_type']['gre']['packets'] == 0 else 0)
PY
	has_families "$tmp/tunnels.prom" "tunnels --metrics-file"
	if command -v promtool >/dev/null 2>&1; then
		lint=$(promtool check metrics <"$tmp/tunnels.prom" 2>&1) && [ -z "$lint" ] && ok \
			|| bad "promtool check metrics (tunnels): $lint"
	fi
else
	bad "tunnels: mktunnels.py or read --metrics-file failed"
fi

# docs/grafana-dashboard.json: well-formed, importable (a datasource
# input), and every metric its queries name is one metrics.c writes and
# (but for the live-only portlens_capture_*) the file above has; its
# queries, with the dashboard variables filled in, go to $tmp/exprs.
python3 - "$here/docs/grafana-dashboard.json" "$here/analyzer/output/metrics.c" \
	"$tmp/mixed.prom" "$tmp/exprs" <<'PY' && ok || bad "grafana dashboard"
import json, re, sys
dash = json.load(open(sys.argv[1]))
emitted = set(re.findall(r'"(portlens_[a-z_]+)"', open(sys.argv[2]).read()))
written = set(re.findall(r'^# TYPE (portlens_[a-z_]+) ', open(sys.argv[3]).read(), re.M))
problems = []
if [i["name"] for i in dash.get("__inputs", [])] != ["DS_PROMETHEUS"]:
    problems.append("no DS_PROMETHEUS input")
exprs, ids = [], []
for p in dash["panels"]:
    ids.append(p["id"])
    if p["type"] != "row" and p.get("datasource", {}).get("uid") != "${DS_PROMETHEUS}":
        problems.append("panel %r: datasource is not ${DS_PROMETHEUS}" % p["title"])
    exprs += [t["expr"] for t in p.get("targets", [])]
exprs += [v["definition"] for v in dash["templating"]["list"]]
if len(set(ids)) != len(ids):
    problems.append("panel ids repeat")
for e in exprs:
    for name in re.findall(r'portlens_[a-z_]+', e):
        if name not in emitted:
            problems.append("%s: not a metric metrics.c writes" % name)
        elif name not in written and not name.startswith("portlens_capture_"):
            problems.append("%s: not in the rendered file" % name)
with open(sys.argv[4], "w") as out:
    for e in exprs:
        if not e.startswith("label_values"):
            out.write(e.replace("$__rate_interval", "1m").replace("$instance", ".*") + "\n")
for p in problems:
    print("  " + p)
sys.exit(1 if problems or len(exprs) < 20 else 0)
PY
if command -v promtool >/dev/null 2>&1; then
	{ echo "groups:"; echo "  - name: dashboard"; echo "    rules:"; n=0
	  while IFS= read -r e; do n=$((n + 1))
		printf "      - record: dashboard:q%d\n        expr: '%s'\n" "$n" "${e//\'/\'\'}"
	  done <"$tmp/exprs"; } >"$tmp/rules.yml"
	lint=$(promtool check rules "$tmp/rules.yml" 2>&1) && ok || bad "dashboard PromQL: $lint"
fi

# ---- 2. live, scraped by Prometheus ------------------------------------------
for tool in ip python3 curl prometheus; do
	if ! command -v $tool >/dev/null 2>&1; then
		echo "metrics: live part skipped ($tool missing; make test-deps)"
		finish
	fi
done
if [ "$(id -u)" != 0 ]; then
	echo "metrics: live part skipped (needs root for network namespaces)"
	finish
fi
ip netns del plm-a 2>/dev/null; ip netns del plm-b 2>/dev/null
if ! ip netns add plm-a || ! ip netns add plm-b ||
   ! ip link add plm-va netns plm-a type veth peer name plm-vb netns plm-b; then
	echo "metrics: live part skipped (cannot create namespaces or veth here)"
	finish
fi
ip -n plm-a addr add 10.98.0.1/24 dev plm-va
ip -n plm-b addr add 10.98.0.2/24 dev plm-vb
for l in "plm-a plm-va" "plm-b plm-vb"; do
	set -- $l
	ip -n "$1" link set "$2" up
	ip -n "$1" link set lo up
done
inb() { ip netns exec plm-b "$@"; }

mport=9187 pport=9090
cat >"$tmp/prometheus.yml" <<EOF
global:
  scrape_interval: 1s
  scrape_timeout: 900ms
scrape_configs:
  - job_name: portlens
    static_configs:
      - targets: ['127.0.0.1:$mport']
EOF
ip netns exec plm-b timeout 120 prometheus --config.file "$tmp/prometheus.yml" --storage.tsdb.path "$tmp/tsdb" \
	--web.listen-address "127.0.0.1:$pport" >"$tmp/prometheus.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 100); do
	inb curl -sf "http://127.0.0.1:$pport/-/ready" >/dev/null 2>&1 && break
	sleep 0.2
done
inb curl -sf "http://127.0.0.1:$pport/-/ready" >/dev/null 2>&1 && ok \
	|| { bad "prometheus not ready after 20 s: $(tail -3 "$tmp/prometheus.log")"; finish; }

# A TCP server that accepts and closes, for at most 60 s.
ip netns exec plm-b timeout 60 python3 -c '
import socket
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("10.98.0.2", 8080)); s.listen(64)
while True:
    c, _ = s.accept(); c.recv(16); c.close()' >/dev/null 2>&1 &
pids+=($!)
ip netns exec plm-b timeout 60 "$bin" live -i plm-vb -Z nobody -s 2048 -q -d 6 --interval 1 --metrics "127.0.0.1:$mport" \
	--metrics-linger 45 --metrics-file "$tmp/live.prom" -o "$tmp/live.json" \
	>"$tmp/live.out" 2>"$tmp/live.err" &
pl=$!
pids+=($pl)
sleep 1
# Bounded traffic: 200 connections, 300 datagrams.
ip netns exec plm-a timeout 30 python3 -c '
import socket
for i in range(200):
    try:
        c = socket.create_connection(("10.98.0.2", 8080), timeout=2); c.sendall(b"x"); c.close()
    except OSError:
        pass
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for i in range(300):
    u.sendto(b"ping", ("10.98.0.2", 5353))' || bad "traffic generator failed"
# Scrapes during the capture: answered, timed (latency includes up to
# one poll period, 100 ms).
for i in 1 2 3 4 5; do
	inb curl -s -o "$tmp/during.txt" -w '%{http_code} %{size_download} %{time_total}\n' \
		"http://127.0.0.1:$mport/metrics" >>"$tmp/timing"
	sleep 0.2
done
[ "$(grep -c '^200 ' "$tmp/timing")" = 5 ] && ok || bad "scrapes during the capture: $(cat "$tmp/timing")"
echo "metrics: scrapes during capture (code bytes seconds): $(tr '\n' ';' <"$tmp/timing")"
# The --metrics-file of a live run is rewritten every --interval (1 s),
# here with -Z nobody: opened before the drop, rewritten in place.
tick=$(metric portlens_packets_total "$tmp/live.prom" 2>/dev/null)
[ -n "$tick" ] && [ "$tick" -gt 0 ] && kill -0 "$pl" 2>/dev/null && ok \
	|| bad "no --metrics-file written by a tick during the capture ('$tick')"
# The capture ends after 6 s; the report is committed before the linger.
for _ in $(seq 1 100); do [ -s "$tmp/live.json" ] && break; sleep 0.1; done
[ -s "$tmp/live.json" ] && kill -0 "$pl" 2>/dev/null && ok \
	|| bad "no report while lingering (or portlens gone: $(head -c 300 "$tmp/live.err"))"
want=$(report_packets "$tmp/live.json")
[ -n "$want" ] && [ "$want" -ge 500 ] && ok || bad "live report: capture.packets '$want', want >= 500"
inb curl -s -o "$tmp/linger.txt" -w '%{http_code}' "http://127.0.0.1:$mport/metrics" >"$tmp/code"
[ "$(cat "$tmp/code")" = 200 ] && ok || bad "scrape during the linger: HTTP $(cat "$tmp/code")"
got=$(metric portlens_packets_total "$tmp/linger.txt")
[ "$got" = "$want" ] && ok || bad "scrape during the linger: packets '$got', report '$want'"
has_families "$tmp/linger.txt" "scrape during the linger" portlens_capture_dropped_packets_total \
	portlens_output_records_total
if command -v promtool >/dev/null 2>&1; then
	lint=$(promtool check metrics <"$tmp/linger.txt" 2>&1) && [ -z "$lint" ] && ok \
		|| bad "promtool on the scrape: $lint"
fi
drops=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["capture"]["live"]["dropped_kernel"])' "$tmp/live.json")
got=$(sed -n 's/^portlens_capture_dropped_packets_total{by="kernel"} //p' "$tmp/linger.txt")
[ -n "$drops" ] && [ "$got" = "$drops" ] && ok || bad "kernel drops: metrics '$got', report '$drops'"
echo "metrics: live capture: $want packets, $drops dropped by the kernel"
got=$(metric portlens_packets_total "$tmp/live.prom")
[ "$got" = "$want" ] && ok || bad "live --metrics-file: packets '$got', report '$want'"
inb curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$mport/nothing" >"$tmp/code"
[ "$(cat "$tmp/code")" = 404 ] && ok || bad "/nothing: HTTP $(cat "$tmp/code"), want 404"
# Prometheus's last sample equals the report (it scrapes every second).
prom=""
for _ in $(seq 1 50); do
	prom=$(inb curl -s "http://127.0.0.1:$pport/api/v1/query" \
		--data-urlencode 'query=last_over_time(portlens_packets_total[5m])' |
		python3 -c 'import json,sys; r=json.load(sys.stdin)["data"]["result"]; print(r[0]["value"][1] if r else "")')
	[ "$prom" = "$want" ] && break
	sleep 0.2
done
echo "metrics: report capture.packets $want, Prometheus last sample ${prom:-none}"
[ "$prom" = "$want" ] && ok || bad "Prometheus last sample '$prom', report '$want'"
# Every dashboard query runs on this Prometheus.
qfail=0
while IFS= read -r e; do
	st=$(inb curl -s "http://127.0.0.1:$pport/api/v1/query" --data-urlencode "query=$e" |
		python3 -c 'import json,sys; print(json.load(sys.stdin)["status"])' 2>/dev/null)
	[ "$st" = success ] || { qfail=1; echo "  query failed: $e"; }
done <"$tmp/exprs"
[ "$qfail" = 0 ] && ok || bad "dashboard queries refused by Prometheus"
# One SIGINT ends the 45 s linger at once (45: the checks above, the
# dashboard queries among them, run within it; timeout 60 bounds it).
t0=$(date +%s%N)
kill -INT "$pl"
wait "$pl"; rc=$?
ms=$(( ($(date +%s%N) - t0) / 1000000 ))
echo "metrics: SIGINT during the linger: exit $rc after $ms ms"
[ "$rc" = 0 ] && [ "$ms" -lt 2000 ] && ok || bad "SIGINT during the linger: exit $rc after $ms ms"
finish
