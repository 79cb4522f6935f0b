#!/usr/bin/env bash
# tests/cli_test.sh - end-to-end checks of the portlens command line:
# exit codes, messages a user acts on, stdin, several files, atomic -o.
# Usage: tests/cli_test.sh PATH/TO/portlens. Builds its own tiny captures
# in a temporary directory; needs nothing installed beyond bash.
set -u
bin=${1:?usage: cli_test.sh PORTLENS}
tmp=$(mktemp -d /tmp/portlens-cli-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0

ok()   { pass=$((pass + 1)); }
bad()  { fail=$((fail + 1)); echo "cli FAIL: $*"; }
# expect_rc WANT DESCRIPTION -- command...
expect_rc() {
	local want=$1 what=$2; shift 3
	"$@" >"$tmp/out" 2>"$tmp/err"; local rc=$?
	if [ "$rc" -eq "$want" ]; then ok; else bad "$what: exit $rc, want $want ($(head -c 300 "$tmp/err"))"; fi
}
expect_grep() { # expect_grep FILE PATTERN DESCRIPTION
	if grep -q -- "$2" "$1"; then ok; else bad "$3: '$2' not in $(head -c 300 "$1")"; fi
}

# pcap file header (little-endian, v2.4, snaplen 65535) for a link type byte.
pcap_header() { printf '\xd4\xc3\xb2\xa1\x02\x00\x04\x00\x00\x00\x00\x00\x00\x00\x00\x00\xff\xff\x00\x00'"$1"'\x00\x00\x00'; }
# One record: ts 1 s, 42-byte Ethernet/IPv4/UDP 1024 -> 53.
udp_record() {
	printf '\x01\x00\x00\x00\x00\x00\x00\x00\x2a\x00\x00\x00\x2a\x00\x00\x00'
	printf '\x00\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x08\x00'
	printf '\x45\x00\x00\x1c\x00\x01\x00\x00\x40\x11\x00\x00\x0a\x00\x00\x01\x0a\x00\x00\x02'
	printf '\x04\x00\x00\x35\x00\x08\x00\x00'
}
# One record: 92-byte Ethernet/IPv4/UDP -> 4789/VXLAN (VNI $1 as one
# byte)/Ethernet/IPv4/UDP 1024 -> 53 (inner 10.9.0.1 -> 10.9.0.2).
vxlan_record() {
	printf '\x01\x00\x00\x00\x00\x00\x00\x00\x5c\x00\x00\x00\x5c\x00\x00\x00'
	printf '\x00\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x08\x00'
	printf '\x45\x00\x00\x4e\x00\x01\x00\x00\x40\x11\x00\x00\xc0\x00\x02\x01\xc0\x00\x02\x02'
	printf '\xc0\x01\x12\xb5\x00\x3a\x00\x00'
	printf '\x08\x00\x00\x00\x00\x00'"$1"'\x00'
	printf '\x00\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x08\x00'
	printf '\x45\x00\x00\x1c\x00\x01\x00\x00\x40\x11\x00\x00\x0a\x09\x00\x01\x0a\x09\x00\x02'
	printf '\x04\x00\x00\x35\x00\x08\x00\x00'
}
{ pcap_header '\x01'; udp_record; } >"$tmp/one.pcap"
{ pcap_header '\x01'; vxlan_record '\x2a'; vxlan_record '\x07'; } >"$tmp/vxlan.pcap"
{ pcap_header '\x01'; udp_record; udp_record; } >"$tmp/two.pcap"
head -c $((24 + 58 + 30)) "$tmp/two.pcap" >"$tmp/cut.pcap"
{ pcap_header '\x93'; udp_record; } >"$tmp/user0.pcap"
echo "just text, not a capture" >"$tmp/text.pcap"

expect_rc 0 "help" -- "$bin" --help
expect_grep "$tmp/out" "read FILE" "main help lists read"
expect_rc 0 "read --help" -- "$bin" read --help
expect_grep "$tmp/out" "exit status" "read help documents exit codes"
expect_rc 2 "no command" -- "$bin"
expect_rc 2 "unknown command" -- "$bin" frobnicate
expect_rc 2 "read without a file" -- "$bin" read
expect_rc 2 "unknown option" -- "$bin" read --bogus "$tmp/one.pcap"

expect_rc 0 "one packet" -- "$bin" read "$tmp/one.pcap"
expect_grep "$tmp/out" '"capture":{"files":\[{"path":"[^"]*one.pcap","packets":1' "one packet counted"
expect_grep "$tmp/out" '"udp":{"packets":1,"bytes":42}' "udp counted"
expect_rc 0 "stdin" -- sh -c "\"$bin\" read - < \"$tmp/one.pcap\""
expect_grep "$tmp/out" '"path":"-","packets":1' "stdin read"
expect_rc 0 "two files" -- "$bin" read "$tmp/one.pcap" "$tmp/two.pcap"
expect_grep "$tmp/out" '"packets":3,"bytes":126' "two files add up"

expect_rc 3 "missing file" -- "$bin" read "$tmp/absent.pcap"
expect_grep "$tmp/err" "^portlens: [^:]*absent.pcap: No such file" "missing file message, path named once"
expect_rc 3 "text file" -- "$bin" read "$tmp/text.pcap"
expect_grep "$tmp/err" "text.pcap: " "not-a-capture message names the file"
expect_rc 3 "truncated file" -- "$bin" read "$tmp/cut.pcap"
expect_grep "$tmp/err" "truncated.*after 1 packets" "truncated message"
expect_grep "$tmp/out" '"complete":false' "truncated report marked incomplete"
expect_grep "$tmp/out" '"packets":1,' "packets before the cut reported"
expect_rc 3 "unsupported link type" -- "$bin" read "$tmp/user0.pcap"
expect_grep "$tmp/err" "unsupported link type 147" "unsupported link type message"
expect_grep "$tmp/out" '"link.unsupported_linktype":1' "unsupported packets counted"

expect_rc 0 "-o writes a file" -- "$bin" read -o "$tmp/r.json" "$tmp/one.pcap"
expect_grep "$tmp/r.json" '"packets":1' "-o content"
cp "$tmp/r.json" "$tmp/r.before"
expect_rc 4 "-o refuses to overwrite" -- "$bin" read -o "$tmp/r.json" "$tmp/two.pcap"
expect_grep "$tmp/err" "exists; use --force" "overwrite refusal message"
if cmp -s "$tmp/r.json" "$tmp/r.before"; then ok; else bad "refused overwrite changed the file"; fi
expect_rc 0 "--force overwrites" -- "$bin" read --force -o "$tmp/r.json" "$tmp/two.pcap"
expect_grep "$tmp/r.json" '"packets":2' "--force content"
expect_rc 4 "-o into a missing directory" -- "$bin" read -o "$tmp/no/dir/r.json" "$tmp/one.pcap"
if ls "$tmp"/no 2>/dev/null | grep -q .; then bad "left a temp file"; else ok; fi
leftovers=$(ls "$tmp" | grep -c '\.tmp\.' || true)
if [ "$leftovers" -eq 0 ]; then ok; else bad "temporary report files left behind"; fi
expect_rc 0 "--pretty" -- "$bin" read --pretty "$tmp/one.pcap"
expect_grep "$tmp/out" '^  "schema_version": 1,' "pretty output indented"

# Nothing lost: the report's flow totals equal the sums over the flow lines.
sample=$(dirname "$0")/../samples/pcap/quickstart.pcap
expect_rc 0 "--flows to a file" -- "$bin" read -o "$tmp/q.json" --flows "$tmp/q.ndjson" "$sample"
nd_packets=$(grep -o '"network":{[^}]*}' "$tmp/q.ndjson" | grep -o '"packets":[0-9]*' | cut -d: -f2 | awk '{s+=$1} END {print s+0}')
nd_bytes=$(grep -o '"network":{[^}]*}' "$tmp/q.ndjson" | grep -o '"bytes":[0-9]*' | cut -d: -f2 | awk '{s+=$1} END {print s+0}')
nd_lines=$(wc -l < "$tmp/q.ndjson")
expect_grep "$tmp/q.json" "\"flows\":{\"total\":$nd_lines," "flows.total equals the NDJSON lines ($nd_lines)"
expect_grep "$tmp/q.json" "\"packets\":$nd_packets,\"bytes\":$nd_bytes,\"icmp_errors" "flows.packets/bytes equal the NDJSON sums ($nd_packets/$nd_bytes)"
[ "$nd_lines" -gt 0 ] && ok || bad "no flow lines written"
expect_rc 2 "--flows - with the report on stdout" -- "$bin" read --flows - "$sample"
expect_rc 2 "bad --max-flows" -- "$bin" read --max-flows 0 "$sample"
expect_rc 2 "bad --timeout" -- "$bin" read --timeout bogus=3 "$sample"
expect_grep "$tmp/err" "unknown name 'bogus'; known: tcp-attempt, tcp," "bad --timeout lists the names"
printf 'ssh 22/tcp\nbroken line here\n' > "$tmp/bad.services"
expect_rc 3 "malformed --services" -- "$bin" read --services "$tmp/bad.services" "$sample"
expect_grep "$tmp/err" "bad.services:2:" "--services error names the line"
printf 'my-admin 22/tcp\n' > "$tmp/good.services"
expect_rc 0 "--services override" -- "$bin" read --services "$tmp/good.services" "$sample"
expect_grep "$tmp/out" '"port":22,"transport":"tcp","class":"well-known","service":"my-admin"' "override names port 22"

# Outputs that are not regular files (a FIFO here, /dev/null in use) are
# written in place: never replaced by a renamed temporary file.
mkfifo "$tmp/fifo"
cat "$tmp/fifo" > "$tmp/fifo.out" &
expect_rc 0 "report into a FIFO" -- "$bin" read -o "$tmp/fifo" "$sample"
wait
if [ -p "$tmp/fifo" ]; then ok; else bad "the FIFO was replaced"; fi
expect_grep "$tmp/fifo.out" '"schema_version":1' "report went through the FIFO"
expect_rc 0 "--alerts to a file" -- "$bin" read -o "$tmp/a.json" -A "$tmp/alerts.ndjson" "$sample"
expect_grep "$tmp/alerts.ndjson" '"technique":{"id":\["T1046"\]' "scan alert has the ATT&CK technique"
expect_rc 2 "two streams on stdout" -- "$bin" read -A - "$sample"
expect_rc 2 "bad --scan" -- "$bin" read --scan theta0=2 "$sample"
# Settings valid alone but not together: a usage error naming both, not
# "out of memory".
expect_rc 2 "--scan theta0 below theta1" -- "$bin" read --scan theta0=0.1 "$sample"
expect_grep "$tmp/err" "theta0=0.1 must be above theta1=0.2" "theta conflict names both settings"
expect_rc 2 "--scan alpha above beta" -- "$bin" read --scan alpha=0.995 "$sample"
expect_grep "$tmp/err" "alpha=0.995 must be below beta=0.99" "alpha/beta conflict names both settings"
expect_rc 2 "--knock max-len below min-len" -- "$bin" read --knock max-len=1 "$sample"
expect_grep "$tmp/err" "max-len=1 is below min-len=2" "knock length conflict names both settings"
expect_rc 2 "--knock min-len above max-len" -- "$bin" read --knock min-len=9 "$sample"
expect_grep "$tmp/err" "max-len=8 is below min-len=9" "knock length conflict, the other way"
if grep -q "out of memory" "$tmp/err"; then bad "a conflict reported as out of memory"; else ok; fi
expect_rc 2 "live: conflicting settings" -- "$bin" live -i lo --scan theta1=0.9 -d 1
expect_grep "$tmp/err" "theta0=0.8 must be above theta1=0.9" "live checks settings before capturing"

printf '[openSSH]\n  sequence = 7000,8000\n  seq_timeout = 5\n[broken]\n  sequence = 7000,99999\n' > "$tmp/bad.knockd"
expect_rc 3 "malformed --knockd-conf" -- "$bin" read --knockd-conf "$tmp/bad.knockd" "$sample"
expect_grep "$tmp/err" "bad.knockd:5:" "--knockd-conf error names the line"
expect_rc 3 "missing --knockd-conf" -- "$bin" read --knockd-conf "$tmp/none.conf" "$sample"
expect_rc 2 "bad --knock" -- "$bin" read --knock max-len=99 "$sample"
expect_grep "$tmp/err" "max-len: '99' is not a whole number from 1 to 15" "bad --knock gives the range"

# Tunnels (docs/tunnels.md): two VXLAN packets, VNIs 42 and 7, carrying
# the same inner UDP tuple.
expect_rc 0 "vxlan decapsulated" -- "$bin" read --flows "$tmp/vx.ndjson" -o "$tmp/vx.json" --force "$tmp/vxlan.pcap"
expect_grep "$tmp/vx.json" '"vxlan":{"packets":2,"bytes":184,"decapsulated":2,"errors":0,"not_tunnel":0}' "vxlan counted"
expect_grep "$tmp/vx.ndjson" '"source":{"ip":"10.9.0.1","port":1024' "flow line has the inner tuple"
expect_grep "$tmp/vx.ndjson" '"tunnel":{"type":"vxlan","id":42,"depth":1,"outer":{"source":{"ip":"192.0.2.1"},"destination":{"ip":"192.0.2.2"}}}' "flow line names its tunnel"
expect_grep "$tmp/vx.json" '"flows":{"total":1,' "one flow without --tunnel-key"
expect_rc 0 "vxlan --tunnel-key" -- "$bin" read --tunnel-key -o "$tmp/vxk.json" --force "$tmp/vxlan.pcap"
expect_grep "$tmp/vxk.json" '"flows":{"total":2,' "--tunnel-key keeps the two VNIs apart"
expect_rc 0 "vxlan --no-decap" -- "$bin" read --no-decap --flows "$tmp/vxn.ndjson" -o "$tmp/vxn.json" --force "$tmp/vxlan.pcap"
expect_grep "$tmp/vxn.json" '"decapsulation":false' "--no-decap reported"
expect_grep "$tmp/vxn.ndjson" '"destination":{"ip":"192.0.2.2","port":4789' "--no-decap: the outer UDP flow"
expect_rc 0 "vxlan port moved" -- "$bin" read --tunnel-port vxlan=8472 -o "$tmp/vx8.json" --force "$tmp/vxlan.pcap"
expect_grep "$tmp/vx8.json" '"vxlan":\[8472\]' "--tunnel-port replaces the ports"
expect_grep "$tmp/vx8.json" '"gre_udp":\[4754\]},"packets":0,' "no vxlan on 4789 once moved"
expect_rc 2 "bad --tunnel-port type" -- "$bin" read --tunnel-port gre=4 "$sample"
expect_grep "$tmp/err" "with TYPE one of vxlan, vxlan_gpe, geneve" "bad --tunnel-port names the types"
expect_rc 2 "bad --tunnel-port port" -- "$bin" read --tunnel-port vxlan=4789,70000 "$sample"
expect_grep "$tmp/err" "'70000' is not a port (1-65535)" "bad --tunnel-port names the port"

# SIGINT while reading (standard input that stays open): exit 5 and a
# complete report saying so.
# The signal goes once portlens catches SIGINT (SigCgt bit 2 in /proc),
# not after a fixed sleep: under ASan on a loaded machine 0.5 s was not
# always enough to start.
{ cat "$tmp/two.pcap"; sleep 6; } | "$bin" read -o "$tmp/int.json" - 2>"$tmp/int.err" &
int_pid=$!
for _ in $(seq 100); do
	cgt=$(awk '/^SigCgt:/ {print $2}' "/proc/$int_pid/status" 2>/dev/null)
	[ -n "$cgt" ] && (( 0x$cgt & 2 )) && break
	sleep 0.1
done
sleep 0.3 # the two packets are in the pipe already: read at once
kill -INT "$int_pid"
wait "$int_pid"; int_rc=$?
[ "$int_rc" -eq 5 ] && ok || bad "SIGINT during read: exit $int_rc, want 5"
expect_grep "$tmp/int.json" '"interrupted":true' "interrupted report says so"
expect_grep "$tmp/int.json" '"packets":2,' "interrupted report counts what was read"
expect_rc 0 "ports" -- "$bin" ports 22 3306/tcp 53/udp 50000
expect_grep "$tmp/out" '^22/tcp	well-known	ssh' "ports: 22/tcp ssh"
expect_grep "$tmp/out" '^3306/tcp	registered	mysql' "ports: 3306/tcp mysql"
expect_grep "$tmp/out" '^50000/udp	dynamic	-	ephemeral:linux,windows,macos,freebsd' "ports: 50000 ephemeral everywhere"
expect_rc 2 "ports: bad port" -- "$bin" ports 70000
expect_rc 2 "live without -i" -- "$bin" live
expect_rc 2 "read with a live option" -- "$bin" read -i eth0 "$sample"
expect_rc 3 "live on a missing interface" -- "$bin" live -i no-such-if0 -d 1 -o "$tmp/l.json"
expect_grep "$tmp/err" "no-such-if0" "missing interface named"

# Views for people: the summary on a terminal, JSON down a pipe, the
# saved-report commands, and their refusals.
# From the top of the tree, so that the file names match the goldens'.
root=$(cd "$(dirname "$0")/.." && pwd)
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
cd "$root" || exit 1
nmap=samples/pcap/nmap-syn.pcap
golden_txt=samples/expected/nmap-syn.txt
gopts=(--seed 0 --no-system-services --knockd-conf samples/knockd.conf)
if command -v script >/dev/null 2>&1; then
	TERM=xterm script -qec "\"$bin\" read -q ${gopts[*]} \"$nmap\"" /dev/null >"$tmp/tty.out" 2>&1
	expect_grep "$tmp/tty.out" "PORTS.*distinct" "a terminal gets the summary"
	if grep -q $'\033\[' "$tmp/tty.out"; then ok; else bad "no colour on a terminal"; fi
	NO_COLOR=1 TERM=xterm script -qec "\"$bin\" read -q ${gopts[*]} \"$nmap\"" /dev/null >"$tmp/tty.nc" 2>&1
	expect_grep "$tmp/tty.nc" "^PORTS" "NO_COLOR: still the summary"
	if grep -q $'\033\[' "$tmp/tty.nc"; then bad "colour despite NO_COLOR"; else ok; fi
	TERM=xterm script -qec "\"$bin\" read -q --format json ${gopts[*]} \"$nmap\"" /dev/null >"$tmp/tty.json" 2>&1
	expect_grep "$tmp/tty.json" '^{"schema_version"' "--format json on a terminal"
else
	echo "cli: script(1) missing: pseudo-terminal checks skipped"
fi
"$bin" read "${gopts[@]}" "$nmap" | cat >"$tmp/pipe.out"
expect_grep "$tmp/pipe.out" '^{"schema_version"' "a pipe gets JSON"
# The goldens are made with the flow and alert streams open (their
# counters are in the report's outputs section), so these runs open them.
streams=(-F "$tmp/g.flows" -A "$tmp/g.alerts" --force)
expect_rc 0 "--format text into a file" -- "$bin" read "${gopts[@]}" "${streams[@]}" --format text -o "$tmp/s.txt" "$nmap"
if cmp -s "$tmp/s.txt" "$golden_txt"; then ok; else bad "--format text differs from $golden_txt"; fi
expect_rc 2 "--format bogus" -- "$bin" read --format yaml "$nmap"
expect_rc 0 "report for the views" -- "$bin" read "${gopts[@]}" "${streams[@]}" -o "$tmp/nmap.json" "$nmap"
expect_rc 0 "portlens summary" -- "$bin" summary "$tmp/nmap.json"
if cmp -s "$tmp/out" "$golden_txt"; then ok; else bad "portlens summary differs from $golden_txt"; fi
expect_rc 0 "portlens summary from stdin" -- sh -c "\"$bin\" summary - < \"$tmp/nmap.json\""
expect_rc 0 "portlens html" -- "$bin" html "$tmp/nmap.json" -o "$tmp/nmap.html"
expect_grep "$tmp/nmap.html" "Content-Security-Policy" "the page forbids external loads"
expect_rc 4 "portlens html refuses to overwrite" -- "$bin" html "$tmp/nmap.json" -o "$tmp/nmap.html"
expect_rc 0 "read --html" -- "$bin" read -q --html "$tmp/read.html" -o /dev/null "$nmap"
expect_grep "$tmp/read.html" "<!DOCTYPE html>" "read --html writes the page"
echo '{"schema_version": 1, "capture": {}}' >"$tmp/notours.json"
for view in summary html; do
	expect_rc 3 "$view: not a portlens report" -- "$bin" $view "$tmp/notours.json"
	expect_grep "$tmp/err" "not a portlens report" "$view: says why"
	expect_rc 3 "$view: not JSON" -- "$bin" $view "$tmp/text.pcap"
	expect_grep "$tmp/err" "not a JSON report" "$view: not JSON says so"
	sed 's/"schema_version":1/"schema_version":99/' "$tmp/nmap.json" >"$tmp/v99.json"
	expect_rc 3 "$view: unknown schema version" -- "$bin" $view "$tmp/v99.json"
	expect_grep "$tmp/err" "schema version 99 is not one this portlens knows" "$view: names the version"
	expect_rc 3 "$view: missing file" -- "$bin" $view "$tmp/absent.json"
	expect_rc 2 "$view: no file" -- "$bin" $view
done

# The metrics outputs: bad values are usage errors naming the option,
# before anything opens; the file equals the report (tests/metrics_test.sh
# serves and scrapes).
for addr in nohost 127.0.0.1:0 :99999 ::1:9100 "[::1]" 127.0.0.1:http; do
	expect_rc 2 "--metrics $addr" -- "$bin" read -q --metrics "$addr" "$tmp/one.pcap"
	expect_grep "$tmp/err" "^portlens read: --metrics: '" "--metrics $addr: message names the option"
done
expect_rc 2 "--metrics-linger without --metrics" -- "$bin" read --metrics-linger 3 "$tmp/one.pcap"
expect_grep "$tmp/err" "metrics-linger needs --metrics" "orphan --metrics-linger named"
expect_rc 2 "--metrics-linger out of range" -- "$bin" read --metrics 127.0.0.1:9 --metrics-linger 9999 "$tmp/one.pcap"
expect_rc 2 "--metrics-top out of range" -- "$bin" read --metrics-file "$tmp/m.prom" --metrics-top 101 "$tmp/one.pcap"
expect_grep "$tmp/err" "metrics-top: '101'" "--metrics-top range named"
expect_rc 2 "--metrics-top without a metrics output" -- "$bin" read --metrics-top 5 "$tmp/one.pcap"
expect_rc 0 "--metrics-file with --metrics-top" -- "$bin" read -q --metrics-top 0 --metrics-file "$tmp/m.prom" -o "$tmp/m.json" "$tmp/two.pcap"
expect_grep "$tmp/m.prom" "^portlens_packets_total 2$" "--metrics-file: packets as the report"
if grep -q '^portlens_port_flows_total' "$tmp/m.prom"; then bad "--metrics-top 0 still lists ports"; else ok; fi
if [ "$(stat -c %a "$tmp/m.prom")" = 644 ]; then ok; else bad "--metrics-file mode $(stat -c %a "$tmp/m.prom"), want 644 (node_exporter reads it as another user)"; fi
expect_rc 4 "--metrics-file refuses to overwrite" -- "$bin" read -q --metrics-file "$tmp/m.prom" "$tmp/one.pcap"

# Hostile files (damaged and forged captures): tests/hostile_test.sh.

# Nothing lost on every sample (report flow totals = sums over the flow
# lines; alert lines = the report's scans and knocks): the golden suite
# checks it in-process (tests/test_golden.c).

# --ipfix: the address and the numbers are checked before anything opens
# (usage errors, exit 2, the option named); no packet is sent.
for a in nohost 1.2.3.4:99999 '[::1]' 'tcp://4739' '10.0.0.1:port'; do
	expect_rc 2 "--ipfix '$a'" -- "$bin" read --ipfix "$a" "$tmp/one.pcap"
	grep -qF -- "--ipfix: '$a'" "$tmp/err" && ok || bad "--ipfix '$a': option and value not named: $(head -c 200 "$tmp/err")"
done
expect_rc 2 "--ipfix-mtu too small" -- "$bin" read --ipfix 127.0.0.1:4739 --ipfix-mtu 100 "$tmp/one.pcap"
expect_grep "$tmp/err" "--ipfix-mtu: '100' is not a number from 512 to 65535" "--ipfix-mtu message"
expect_rc 2 "--ipfix-domain not a number" -- "$bin" read --ipfix 127.0.0.1:4739 --ipfix-domain x "$tmp/one.pcap"
expect_rc 2 "--ipfix-rate without --ipfix" -- "$bin" read --ipfix-rate 10 "$tmp/one.pcap"

echo "cli: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
