#!/usr/bin/env bash
# samples/make-samples.sh - build the portlens sample captures in a private lab.
#
# Run by hand, as root, never by CI:   sudo samples/make-samples.sh [scenario...]
# With no argument every scenario runs (about 12 minutes).  Names are listed
# by `samples/make-samples.sh --list`.
#
# What it does, per scenario: create two network namespaces (pl-atk with
# the scanner and clients, pl-tgt with the listeners) joined by one veth
# pair, start listeners in pl-tgt, capture on the target's veth with tcpdump,
# run the scenario, stop the capture, tear the namespaces down, then write
# samples/pcap/<name>.pcap and samples/truth/<name>.json (lab/truth.py
# computes the numbers from the capture and compares them with what was run).
# Finally lab/verify-truth.sh re-checks every truth file with tshark.
#
# Safety: all traffic stays inside the two namespaces; the addresses
# (10.77.0.0/24, fd00:77::/64) exist only there and neither namespace has a
# route out.  iptables rules are made inside pl-tgt and die with it.  Every
# tool runs under timeout(1); every loop has a fixed count.  The EXIT trap
# kills the processes this script started (by pid, then whatever is left in
# our two namespaces) and deletes the namespaces.
#
# Known traps (see samples/README.md, "Traps"):
#  - ICMP rate limits hide closed UDP ports: we set icmp_ratelimit=0 and
#    raise icmp_msgs_per_sec inside the namespaces.
#  - IPv6 DAD keeps fresh addresses "tentative" for ~1-2 s: nodad + accept_dad=0.
#  - masscan has its own stack and no gateway here: it needs --router-mac
#    (the target's MAC, fixed below) and --adapter-ip/--adapter-mac.
#  - tcpdump drops privileges to user tcpdump: -Z root so it can write $WORK.
#  - nmap -sn on a LAN does an ARP ping whatever -P options say; --send-ip
#    puts the IP probes on the wire.
#  - A kernel without GRE refuses `ip tunnel add ... mode gre`: the GRE
#    scenario then runs lab/gretun.py (same GRE header, user space).
set -Eeuo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
LAB=$HERE/lab
PCAP_DIR=$HERE/pcap
TRUTH_DIR=$HERE/truth
KNOCKD_CONF=$HERE/knockd.conf

NS_A=pl-atk            # scanner + clients
NS_T=pl-tgt            # target host(s) + listeners + capture point
IF_A=pl-atk0
IF_T=pl-tgt0
MAC_A=02:77:00:00:00:02
MAC_T=02:77:00:00:00:10
MAC_DEAD=02:77:00:00:de:ad   # nobody owns it: frames to it are never answered
ATK=10.77.0.2          # scanner
CLI1=10.77.0.3         # benign clients 10.77.0.3-9 (secondaries on pl-atk0)
CLI2=10.77.0.4
CLI3=10.77.0.5
CLI4=10.77.0.6
KNOCKER2=10.77.0.7
TGT=10.77.0.10         # main target; 10.77.0.11-44 are extra target addresses
ALIVE_FIRST=10
ALIVE_LAST=44          # 35 live target addresses
DEAD_FIRST=45
DEAD_LAST=54           # 10 dead addresses (static neighbour -> MAC_DEAD)
ATK6=fd00:77::2
TGT6=fd00:77::10
SNAPLEN=128
# Tunnel scenarios: an overlay over the veth (the underlay, 10.77.0.2 <->
# 10.77.0.10), with the same host numbers: .2 scanner, .7 knocker, .10 target.
VX_DEV=vx0             # VXLAN (RFC 7348): VNI 42, UDP 4789
VX_ID=42
VX_PORT=4789
VX_NET=10.78.0
VX_MAC_A=02:78:00:00:00:02
VX_MAC_T=02:78:00:00:00:10
GRE_DEV=gre1           # GRE (RFC 2784) with key 7 (RFC 2890): the tunnel id
GRE_KEY=7
GRE_NET=10.79.0
GRE_MTU=1472           # 1500 - 20 (outer IPv4) - 8 (GRE with key)

# Listeners in pl-tgt.  Closed on purpose: everything else.  Filtered on
# purpose (iptables DROP in pl-tgt): tcp 135,139 and udp 137,161.
TCP_SVCS="22:ssh,25:smtp,80:http,443:echo,8080:http"
TCP_OPEN="22,25,80,443,8080"
UDP_SVCS="53:dns,5353:dns"
UDP_OPEN="53,5353"
TCP_PORTS="1-200,443,8080"           # 202 ports for the nmap TCP techniques
UDP_PORTS="53,67,69,123,137,161,500,514,1900,5353"
SLOW_PORTS="21,22,23,25,53,80,110,111,135,139,143,443,445,993,995,1723,3306,3389,5900,8080"

MAX_RUN_S=840          # refuse to start a scenario after 14 minutes

PY=/usr/bin/python3
[[ -x $PY ]] || PY=$(command -v python3)

WORK=""
PIDS=()
CUR=""            # current scenario name
CAP_PID=""

log() { printf '[%(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# ---------------------------------------------------------------- cleanup
ns_exists() { ip netns list | awk '{print $1}' | grep -qx "$1"; }

# alive PID: running and not a zombie (our finished children stay zombies
# until reaped, and kill -0 succeeds on those).
alive() {
	[[ -r /proc/$1/status ]] && ! grep -q '^State:[[:space:]]*Z' "/proc/$1/status" 2>/dev/null
}

lab_down() {
	local ns pid
	for pid in "${PIDS[@]}"; do
		kill "$pid" 2>/dev/null || true
	done
	for pid in "${PIDS[@]}"; do
		# bounded wait: 20 x 0.1 s, then SIGKILL
		for _ in $(seq 20); do alive "$pid" || break; sleep 0.1; done
		# knockd, on SIGTERM, waits for its cmd_timeout children (up to
		# 30 s); we do not: SIGKILL, and its children die with the netns.
		kill -9 "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true   # reap; also hides bash's "Killed"
	done
	PIDS=()
	for ns in "$NS_A" "$NS_T"; do
		if ns_exists "$ns"; then
			# the tunnel scenarios' devices (deleting the namespace would
			# also remove them; explicit, so a kept namespace has none)
			ip -n "$ns" link del "$VX_DEV" 2>/dev/null || true
			ip -n "$ns" link del "$GRE_DEV" 2>/dev/null || true
			# anything still running inside our own namespaces was started by us
			for pid in $(ip netns pids "$ns" 2>/dev/null); do
				kill -9 "$pid" 2>/dev/null || true
			done
			ip netns del "$ns" 2>/dev/null || true
		fi
	done
}

cleanup() {
	local rc=$?
	set +e
	trap - EXIT INT TERM
	lab_down
	if [[ -n $WORK && -d $WORK ]]; then
		if [[ ${KEEP_WORK:-0} == 1 ]]; then log "kept $WORK"; else rm -rf "$WORK"; fi
	fi
	exit "$rc"
}
trap cleanup EXIT
trap 'log "FAILED (rc=$?) at line $LINENO: $BASH_COMMAND"' ERR
trap 'log "interrupted"; exit 130' INT
trap 'log "terminated"; exit 143' TERM

# ---------------------------------------------------------------- tools
need_tools() {
	local missing=() t
	declare -A pkgs=([nmap]=nmap [masscan]=masscan [hping3]=hping3
		[knockd]=knockd [arp-scan]=arp-scan [tcpdump]=tcpdump [tshark]=tshark [socat]=socat
		[ip]=iproute2 [iptables]=iptables [jq]=jq [ping]=iputils-ping
		[timeout]=coreutils)
	for t in "${!pkgs[@]}"; do
		command -v "$t" >/dev/null 2>&1 || missing+=("${pkgs[$t]}")
	done
	[[ -x $PY ]] || missing+=(python3)
	if ((${#missing[@]})); then
		log "installing: ${missing[*]}"
		export DEBIAN_FRONTEND=noninteractive
		timeout 300 apt-get update -q
		timeout 600 apt-get install -y -q "${missing[@]}"
	fi
}

# ---------------------------------------------------------------- lab
nsa() { ip netns exec "$NS_A" "$@"; }
nst() { ip netns exec "$NS_T" "$@"; }

# lab_up [v6]: fresh namespaces, veth, addresses, sysctls.  v6=1 keeps IPv6
# on (ULA addresses, no DAD); otherwise IPv6 is disabled so IPv4 captures
# carry no router solicitations or MLD reports.
lab_up() {
	local v6=${1:-0} ns i
	lab_down
	for ns in "$NS_A" "$NS_T"; do
		ip netns add "$ns"
		ip netns exec "$ns" sysctl -qw \
			net.ipv4.icmp_ratelimit=0 \
			net.ipv4.icmp_msgs_per_sec=100000 \
			net.ipv4.icmp_msgs_burst=10000 \
			net.ipv6.icmp.ratelimit=0 \
			net.ipv6.conf.all.accept_dad=0 \
			net.ipv6.conf.default.accept_dad=0 \
			net.ipv6.conf.default.router_solicitations=0 \
			net.ipv6.conf.all.disable_ipv6=$((1 - v6)) \
			net.ipv6.conf.default.disable_ipv6=$((1 - v6))
		ip -n "$ns" link set lo up
	done
	ip -n "$NS_A" link add "$IF_A" address "$MAC_A" type veth \
		peer name "$IF_T" address "$MAC_T" netns "$NS_T"
	ip -n "$NS_A" addr add "$ATK/24" dev "$IF_A"
	for i in 3 4 5 6 7 8 9; do
		ip -n "$NS_A" addr add "10.77.0.$i/24" dev "$IF_A"
	done
	for i in $(seq "$ALIVE_FIRST" "$ALIVE_LAST"); do
		ip -n "$NS_T" addr add "10.77.0.$i/24" dev "$IF_T"
	done
	if ((v6)); then
		ip -n "$NS_A" addr add "$ATK6/64" dev "$IF_A" nodad
		ip -n "$NS_T" addr add "$TGT6/64" dev "$IF_T" nodad
	fi
	ip -n "$NS_A" link set "$IF_A" up
	ip -n "$NS_T" link set "$IF_T" up
	# Filtered ports on the target: silently dropped.
	nst iptables -A INPUT -p tcp -m multiport --dports 135,139 -j DROP
	nst iptables -A INPUT -p udp -m multiport --dports 137,161 -j DROP
	sleep 0.5
}

# ns_bg NS CMD...: start CMD in namespace NS in the background, remember its pid.
# `ip netns exec` execs CMD, so $! is CMD's own pid.
BG_PID=""
ns_bg() {
	local ns=$1; shift
	ip netns exec "$ns" "$@" &
	BG_PID=$!
	PIDS+=("$BG_PID")
}

# wait_for FILE PATTERN: poll up to 5 s for PATTERN in FILE.
wait_for() {
	local _
	for _ in $(seq 50); do
		grep -q "$2" "$1" 2>/dev/null && return 0
		sleep 0.1
	done
	die "timed out waiting for '$2' in $1"
}

svc_start() { # [extra tcp services] [ipv6 flag]
	local extra=${1:-} v6=${2:-0} args=()
	((v6)) && args+=(--ipv6)
	ns_bg "$NS_T" timeout 900 "$PY" "$LAB/labsrv.py" \
		--tcp "$TCP_SVCS${extra:+,$extra}" --udp "$UDP_SVCS" "${args[@]}" \
		>"$WORK/$CUR.labsrv.log" 2>&1
	wait_for "$WORK/$CUR.labsrv.log" "listening"
}

cap_start() {
	ns_bg "$NS_T" timeout 900 tcpdump -Z root -i "$IF_T" -n -s "$SNAPLEN" -U \
		-w "$WORK/$CUR.pcap" 2>"$WORK/$CUR.tcpdump.err"
	CAP_PID=$BG_PID
	wait_for "$WORK/$CUR.tcpdump.err" "listening on"
	sleep 0.3
}

cap_stop() {
	sleep 1   # let the last replies land
	kill -INT "$CAP_PID" 2>/dev/null || true
	wait "$CAP_PID" 2>/dev/null || true
	cp "$WORK/$CUR.pcap" "$PCAP_DIR/$CUR.pcap"
	chmod 644 "$PCAP_DIR/$CUR.pcap"
}

# intent JQ_ARGS... FILTER: append one JSON object describing what was run.
intent() { jq -nc "$@" >>"$WORK/$CUR.intent.jsonl"; }

# cli NS TIMEOUT labcli-args...: run a lab client; its JSON summary on stdout.
cli() {
	local ns=$1 t=$2; shift 2
	ip netns exec "$ns" timeout "$t" "$PY" "$LAB/labcli.py" "$@"
}

scenario_begin() { # name v6 [extra services]
	CUR=$1
	log "=== $CUR"
	: >"$WORK/$CUR.intent.jsonl"
	host_intent "$ATK" "scanner / knocker (pl-atk primary address)"
	host_intent "10.77.0.3-9" "benign clients and a second knocker (pl-atk secondaries)"
	host_intent "$TGT" "target host with listeners (pl-tgt primary address)"
	host_intent "10.77.0.11-44" "more live target addresses (pl-tgt secondaries, same listeners)"
	[[ ${2:-0} == 1 ]] && host_intent "$ATK6 / $TGT6" "IPv6 ULA scanner / target"
	lab_up "${2:-0}"
	svc_start "${3:-}" "${2:-0}"
	cap_start
}

scenario_end() { # description
	cap_stop
	lab_down
	"$PY" "$LAB/truth.py" --name "$CUR" --pcap "$PCAP_DIR/$CUR.pcap" \
		--intent "$WORK/$CUR.intent.jsonl" --description "$1" \
		--snaplen "$SNAPLEN" --out "$TRUTH_DIR/$CUR.json" \
		|| log "WARNING: truth for $CUR reports a mismatch (see verification.mismatches)"
}

host_intent() { intent --arg a "$1" --arg r "$2" '{type:"host", address:$a, role:$r}'; }

# benign_intent SRC ROLE DESCRIPTION JSON
benign_intent() {
	intent --arg s "$1" --arg r "$2" --arg d "$3" --argjson o "${4:-null}" \
		'{type:"benign", source:$s, role:$r, description:$d, client_output:$o}'
}

# ---------------------------------------------------------------- scenarios
sc_quickstart() {
	scenario_begin quickstart 0
	local ports=21,22,23,25,53,80,110,111,135,139,143,443,445,993,995,3306,3389,5432,5900,8080
	local out
	intent --arg p "$ports" --arg o "$TCP_OPEN" --arg s "$ATK" --arg t "$TGT" \
		--arg x "$WORK/$CUR.nmap.xml" \
		'{type:"scan", tool:"nmap", technique:"tcp_syn", kind:"vertical",
		  source:$s, targets:[$t], ports:$p, open_expected:$o, tool_output:$x,
		  command:("nmap -n -sS -p " + $p + " " + $t)}'
	nsa timeout 60 nmap -n -e "$IF_A" -sS -p "$ports" -oX "$WORK/$CUR.nmap.xml" "$TGT" >/dev/null
	out=$(cli "$NS_A" 30 tcp --src "$CLI1" --count 3 \
		--targets "$TGT:80:http,$TGT:22:ssh,$TGT:443:echo")
	benign_intent "$CLI1" web_client "3 TCP connections with data (http, ssh banner, echo)" "$out"
	out=$(cli "$NS_A" 30 dns --srcs "$CLI2" --server "$TGT" --count 5 --delay 0.2)
	benign_intent "$CLI2" dns_client "5 DNS A queries to $TGT:53, all answered" "$out"
	nsa timeout 10 ping -n -c 3 -i 0.2 -I "$CLI3" "$TGT" >/dev/null
	benign_intent "$CLI3" ping "3 ICMP echo requests to $TGT" null
	benign_intent "$TGT" server "answers the scan, the connections, DNS and ping" null
	scenario_end "Small mixed sample for 'make run': a 20-port nmap SYN scan, 3 TCP sessions with data, 5 DNS query/answer pairs, 3 pings."
}

# nmap_scan NAME TECHNIQUE NMAP-FLAGS PORTS OPEN DESCRIPTION
# One vertical nmap scan of $TGT from $ATK.  nmap does its ARP ping first
# (same LAN), so every capture starts with ARP.
nmap_scan() {
	local name=$1 tech=$2 flags=$3 ports=$4 open=$5 desc=$6
	scenario_begin "$name" 0
	intent --arg id "$name" --arg tech "$tech" --arg p "$ports" --arg o "$open" \
		--arg s "$ATK" --arg t "$TGT" --arg x "$WORK/$CUR.nmap.xml" \
		--arg c "nmap -n $flags -p $ports $TGT" \
		'{type:"scan", id:$id, tool:"nmap", technique:$tech, kind:"vertical",
		  source:$s, targets:[$t], ports:$p, open_expected:$o,
		  tool_output:$x, command:$c}'
	# shellcheck disable=SC2086  # $flags holds several options on purpose
	nsa timeout 300 nmap -n -e "$IF_A" $flags -p "$ports" --reason \
		-oX "$WORK/$CUR.nmap.xml" "$TGT" >"$WORK/$CUR.nmap.txt"
	benign_intent "$TGT" scanned_host "the scanned host: only answers" null
	scenario_end "$desc"
}

sc_nmap_syn() {
	nmap_scan nmap-syn tcp_syn -sS "$TCP_PORTS" "$TCP_OPEN" \
		"nmap -sS (half-open SYN) on 202 TCP ports of one host: 5 open, 2 filtered (iptables DROP 135,139), rest closed (RST)."
}
sc_nmap_connect() {
	nmap_scan nmap-connect tcp_connect -sT "$TCP_PORTS" "$TCP_OPEN" \
		"nmap -sT (full connect()) on 202 TCP ports: full handshakes on the 5 open ports, then RST from the scanner."
}
sc_nmap_fin() {
	nmap_scan nmap-fin tcp_fin -sF "$TCP_PORTS" "$TCP_OPEN" \
		"nmap -sF (FIN only) on 202 TCP ports: closed ports answer RST; open and filtered ports stay silent (open|filtered), so nmap retransmits to them."
}
sc_nmap_null() {
	nmap_scan nmap-null tcp_null -sN "$TCP_PORTS" "$TCP_OPEN" \
		"nmap -sN (no flags) on 202 TCP ports: RST from closed ports, silence from open and filtered ones."
}
sc_nmap_xmas() {
	nmap_scan nmap-xmas tcp_xmas -sX "$TCP_PORTS" "$TCP_OPEN" \
		"nmap -sX (FIN+PSH+URG) on 202 TCP ports: RST from closed ports, silence from open and filtered ones."
}
sc_nmap_ack() {
	nmap_scan nmap-ack tcp_ack -sA "$TCP_PORTS" "$TCP_OPEN" \
		"nmap -sA (ACK only) on 202 TCP ports: every unfiltered port answers RST; 135,139 are filtered. Finds no open port by design."
}
sc_nmap_maimon() {
	nmap_scan nmap-maimon tcp_maimon -sM "$TCP_PORTS" "$TCP_OPEN" \
		"nmap -sM (Maimon, FIN+ACK) on 202 TCP ports: Linux answers RST on open and closed ports alike, so nmap calls them closed; 135,139 silent."
}
sc_nmap_window() {
	nmap_scan nmap-window tcp_window -sW "$TCP_PORTS" "$TCP_OPEN" \
		"nmap -sW (ACK probe, reads the RST window) on 202 TCP ports: Linux RSTs carry window 0, so every answering port is 'closed'; 135,139 filtered."
}
sc_nmap_udp() {
	nmap_scan nmap-udp udp "-sU" "$UDP_PORTS" "$UDP_OPEN" \
		"nmap -sU on 10 UDP ports: 53 and 5353 answer (DNS-shaped replies), 137,161 dropped (open|filtered), the rest answer ICMP port unreachable (ICMP rate limit off in pl-tgt)."
}
sc_nmap_slow() {
	nmap_scan nmap-slow tcp_syn "-sS --scan-delay 5s --max-retries 1" "$SLOW_PORTS" "22,25,80,443,8080" \
		"Slow nmap -sS: --scan-delay 5s over 20 common ports (about 2 minutes), one probe every 5 s or more."
}

sc_nmap_ipv6_syn() {
	local name=nmap-ipv6-syn ports="1-100,443,8080"
	scenario_begin "$name" 1
	intent --arg p "$ports" --arg o "$TCP_OPEN" --arg s "$ATK6" --arg t "$TGT6" \
		--arg x "$WORK/$CUR.nmap.xml" --arg c "nmap -6 -n -sS -p $ports $TGT6" \
		'{type:"scan", id:"nmap-ipv6-syn", tool:"nmap", technique:"tcp_syn",
		  kind:"vertical", source:$s, targets:[$t], ports:$p,
		  open_expected:$o, tool_output:$x, command:$c}'
	nsa timeout 300 nmap -6 -n -e "$IF_A" -sS -p "$ports" --reason \
		-oX "$WORK/$CUR.nmap.xml" "$TGT6" >"$WORK/$CUR.nmap.txt"
	benign_intent "$TGT6" scanned_host "the scanned host: only answers" null
	scenario_end "nmap -6 -sS over 102 TCP ports of an IPv6 ULA host (fd00:77::10, no DAD): neighbour discovery first, then SYNs; 5 open, the rest closed (no ip6tables rules)."
}

# sweep_scan NAME PORTS LAST [NMAP-FLAGS]: nmap -sS -Pn --send-ip of PORTS
# on 10.77.0.$ALIVE_FIRST-LAST from $ATK, with its intent.  Addresses up to
# $ALIVE_LAST are live (every port in PORTS open), the rest dead.  -Pn so
# dead hosts are probed too; --send-ip so the kernel resolves next hops
# (ARP, or the static neighbour entries that point dead addresses at a MAC
# nobody owns: their SYNs are on the wire, never answered).
sweep_scan() {
	local name=$1 ports=$2 last=$3 flags=${4:-} i tgts=() exp='{}' open
	open=$(jq -nc --arg p "$ports" '$p | split(",") | map(tonumber)')
	for i in $(seq "$ALIVE_FIRST" "$last"); do
		tgts+=("10.77.0.$i")
		((i <= ALIVE_LAST)) || open='[]'
		exp=$(jq -c --arg a "10.77.0.$i" --argjson o "$open" '. + {($a):$o}' <<<"$exp")
	done
	intent --arg id "$name" --arg p "$ports" --argjson o "$exp" --arg s "$ATK" \
		--argjson t "$(printf '%s\n' "${tgts[@]}" | jq -R . | jq -sc .)" \
		--arg x "$WORK/$CUR.nmap.xml" \
		--arg c "nmap -n -Pn --send-ip -sS -p $ports${flags:+ $flags} 10.77.0.$ALIVE_FIRST-$last" \
		'{type:"scan", id:$id, tool:"nmap", technique:"tcp_syn",
		  kind:"horizontal", source:$s, targets:$t, ports:$p, open_expected:$o,
		  tool_output:$x, command:$c}'
	# shellcheck disable=SC2086  # $flags holds several options on purpose
	nsa timeout 300 nmap -n -e "$IF_A" -Pn --send-ip -sS -p "$ports" $flags --reason \
		-oX "$WORK/$CUR.nmap.xml" "10.77.0.$ALIVE_FIRST-$last" >"$WORK/$CUR.nmap.txt"
	benign_intent "$TGT" scanned_host "one of the 35 live scanned addresses (10.77.0.10-44 all live in pl-tgt and only answer)" null
}

# Horizontal sweep: 2 ports on 45 addresses, 35 of them live (secondaries on
# pl-tgt), 10 dead.
sc_sweep_horizontal() {
	local i
	scenario_begin sweep-horizontal 0
	for i in $(seq "$DEAD_FIRST" "$DEAD_LAST"); do
		ip -n "$NS_A" neigh replace "10.77.0.$i" lladdr "$MAC_DEAD" dev "$IF_A" nud permanent
	done
	sweep_scan sweep-horizontal 22,80 "$DEAD_LAST"
	intent --arg t "10.77.0.$DEAD_FIRST-$DEAD_LAST" \
		'{type:"note", text:("addresses " + $t + " are dead: their SYNs go to a MAC nobody owns and get no answer")}'
	scenario_end "Horizontal sweep: nmap -sS -Pn on ports 22,80 of 45 addresses 10.77.0.10-54; 10.77.0.10-44 are live (both ports open), 10.77.0.45-54 dead (no answer, nmap retransmits once)."
}

# Horizontal SYN sweep of one open port: every one of the 35 live addresses
# answers SYN-ACK on 22 (nmap then RSTs); --max-retries 0: one SYN each.
sc_sweep_open() {
	scenario_begin sweep-open 0
	sweep_scan sweep-open 22 "$ALIVE_LAST" "--max-retries 0"
	scenario_end "Horizontal sweep of one open port: nmap -sS -Pn --max-retries 0 on port 22 of 35 live addresses 10.77.0.10-44; every address answers SYN-ACK (open) and nmap resets."
}

# ---- host discovery sweeps (kind "discovery"): 45 addresses, 35 live
# Addresses 10.77.0.45-54 are dead.  For IP probes they get static
# neighbour entries (-> MAC_DEAD, as in sweep-horizontal), so the kernel
# puts their probes on the wire; for ARP probes they get none, so the
# requests for them simply go unanswered.
dead_neighbours() {
	local i
	for i in $(seq "$DEAD_FIRST" "$DEAD_LAST"); do
		ip -n "$NS_A" neigh replace "10.77.0.$i" lladdr "$MAC_DEAD" dev "$IF_A" nud permanent
	done
}

# discovery_intent ID TOOL TECHNIQUE PROBES TOOL-OUTPUT COMMAND
# PROBES names the probe types sent (for the truth file); the expected
# answer set is the 35 live addresses.
discovery_intent() {
	local i tgts=() up=()
	for i in $(seq "$ALIVE_FIRST" "$DEAD_LAST"); do
		tgts+=("10.77.0.$i")
		if ((i <= ALIVE_LAST)); then up+=("10.77.0.$i"); fi
	done
	intent --arg id "$1" --arg tool "$2" --arg tech "$3" --arg pr "$4" \
		--arg x "$5" --arg c "$6" --arg s "$ATK" \
		--argjson t "$(printf '%s\n' "${tgts[@]}" | jq -R . | jq -sc .)" \
		--argjson u "$(printf '%s\n' "${up[@]}" | jq -R . | jq -sc .)" \
		'{type:"scan", id:$id, tool:$tool, technique:$tech, kind:"discovery",
		  source:$s, targets:$t, up_expected:$u, probes:($pr | split(",")),
		  tool_output:$x, command:$c}'
	host_intent "10.77.0.$DEAD_FIRST-$DEAD_LAST" "dead addresses (nobody owns them)"
}

# nmap_discovery NAME TECHNIQUE PROBES NMAP-FLAGS DESCRIPTION
# Trap: on a LAN nmap -sn does an ARP ping whatever -P options say, unless
# --send-ip; with it, the kernel resolves the live addresses (ARP from the
# scanner, answered) and sends the dead ones' probes to MAC_DEAD.
nmap_discovery() {
	local name=$1 tech=$2 probes=$3 flags=$4 desc=$5
	scenario_begin "$name" 0
	if [[ $flags == *--send-ip* ]]; then dead_neighbours; fi
	discovery_intent "$name" nmap "$tech" "$probes" "$WORK/$CUR.nmap.xml" \
		"nmap -n -e $IF_A -sn $flags 10.77.0.$ALIVE_FIRST-$DEAD_LAST"
	# shellcheck disable=SC2086  # $flags holds several options on purpose
	nsa timeout 120 nmap -n -e "$IF_A" -sn $flags --reason \
		-oX "$WORK/$CUR.nmap.xml" "10.77.0.$ALIVE_FIRST-$DEAD_LAST" >"$WORK/$CUR.nmap.txt"
	benign_intent "$TGT" scanned_host "one of the 35 live swept addresses (10.77.0.10-44 all live in pl-tgt and only answer)" null
	scenario_end "$desc"
}

sc_nmap_ping_sweep() {
	nmap_discovery nmap-ping-sweep tcp_ping icmp_echo,tcp_syn:443,tcp_ack:80,icmp_timestamp \
		"--send-ip" \
		"Host discovery: nmap -sn --send-ip (default probes: ICMP echo, TCP SYN to 443, TCP ACK to 80, ICMP timestamp) over 45 addresses 10.77.0.10-54; 10.77.0.10-44 answer, 10.77.0.45-54 are dead (static neighbour to a MAC nobody owns)."
}
sc_nmap_icmp_echo_sweep() {
	nmap_discovery nmap-icmp-echo-sweep icmp_echo icmp_echo "-PE --send-ip" \
		"Host discovery: nmap -sn -PE --send-ip (ICMP echo only) over 45 addresses 10.77.0.10-54; 10.77.0.10-44 answer echo reply, 10.77.0.45-54 are dead (static neighbour to a MAC nobody owns)."
}
sc_nmap_arp_sweep() {
	nmap_discovery nmap-arp-sweep arp arp_request -PR \
		"Host discovery: nmap -sn -PR (ARP ping, nmap's own raw ARP requests) over 45 addresses 10.77.0.10-54; 10.77.0.10-44 answer ARP replies, requests for 10.77.0.45-54 go unanswered (no neighbour entries)."
}

sc_arp_scan() {
	local cmd
	scenario_begin arp-scan 0
	cmd="arp-scan -I $IF_A --arpspa=$ATK --retry=1 --interval=10 10.77.0.$ALIVE_FIRST-10.77.0.$DEAD_LAST"
	discovery_intent arp-scan arp-scan arp arp_request "$WORK/$CUR.arp-scan.txt" "$cmd"
	# --retry=1: one request per address; --interval=10 ms: 45 requests in ~0.5 s
	nsa timeout 60 arp-scan -I "$IF_A" --arpspa="$ATK" --retry=1 --interval=10 \
		"10.77.0.$ALIVE_FIRST-10.77.0.$DEAD_LAST" >"$WORK/$CUR.arp-scan.txt"
	benign_intent "$TGT" scanned_host "one of the 35 live swept addresses (10.77.0.10-44 all live in pl-tgt and only answer)" null
	scenario_end "Host discovery: arp-scan --retry=1 --interval=10 over 45 addresses 10.77.0.10-54 from 10.77.0.2; 10.77.0.10-44 answer ARP replies (all from the one MAC of pl-tgt0), requests for 10.77.0.45-54 go unanswered."
}

# ---- decoys: nmap -D spoofs three extra sources beside the real one.
# 10.77.0.60-62 own nothing and have no neighbour entries anywhere, so the
# target's answers to them stop at its own ARP requests, which nobody answers.
sc_nmap_decoy() {
	local decoys=10.77.0.60,10.77.0.61,10.77.0.62 ports=1-100
	scenario_begin nmap-decoy 0
	host_intent "10.77.0.60-62" "decoy addresses (spoofed by nmap -D; nobody owns them)"
	intent --arg p "$ports" --arg o "22,25,80" --arg s "$ATK" --arg t "$TGT" \
		--arg d "$decoys" --arg x "$WORK/$CUR.nmap.xml" \
		--arg c "nmap -n -sS -D $decoys,ME -p $ports $TGT" \
		'{type:"scan", id:"nmap-decoy", tool:"nmap", technique:"tcp_syn",
		  kind:"vertical", source:$s, real_source:$s, decoys:($d | split(",")),
		  targets:[$t], ports:$p, open_expected:$o, tool_output:$x, command:$c}'
	nsa timeout 120 nmap -n -e "$IF_A" -sS -D "$decoys,ME" -p "$ports" --reason \
		-oX "$WORK/$CUR.nmap.xml" "$TGT" >"$WORK/$CUR.nmap.txt"
	# The scan takes a few ms; the target's neighbour resolution for the
	# decoys retries once a second (mcast_solicit=3).  Wait so the capture
	# holds all three requests per decoy and the give-up (no more frames).
	sleep 3
	benign_intent "$TGT" scanned_host "the scanned host: answers the real source, and ARPs in vain for the decoys" null
	scenario_end "nmap -sS with decoys (-D 10.77.0.60,10.77.0.61,10.77.0.62,ME) on ports 1-100 of 10.77.0.10: every probe is sent four times, once from each decoy and once from the real source 10.77.0.2; only the real source's answers reach the wire (open 22,25,80); the target's answers to the decoys wait on ARP requests nobody answers."
}

# ---- IP protocol scan: nmap -sO; Linux answers ICMP 3/2 (protocol
# unreachable) for the protocols it has no handler for.
sc_nmap_ip_protocol() {
	local protos=0-255
	scenario_begin nmap-ip-protocol 0
	intent --arg p "$protos" --arg s "$ATK" --arg t "$TGT" \
		--arg x "$WORK/$CUR.nmap.xml" \
		--arg c "nmap -n -sO -p $protos --max-retries 1 $TGT" \
		'{type:"scan", id:"nmap-ip-protocol", tool:"nmap", technique:"ip_protocol",
		  kind:"vertical", source:$s, targets:[$t], protocols:$p,
		  tool_output:$x, command:$c}'
	nsa timeout 300 nmap -n -e "$IF_A" -sO -p "$protos" --max-retries 1 --reason \
		-oX "$WORK/$CUR.nmap.xml" "$TGT" >"$WORK/$CUR.nmap.txt"
	benign_intent "$TGT" scanned_host "the scanned host: only answers" null
	scenario_end "nmap -sO (IP protocol scan) of all 256 protocol numbers on 10.77.0.10 (--max-retries 1): ICMP protocol unreachable for the protocols Linux does not handle, answers in kind for ICMP, TCP and UDP, silence for the rest (open|filtered)."
}

# ---- distributed: six sources, one target, each source its own 8 ports,
# all six nmaps at once.  --scan-delay 50ms stretches each slice to ~0.4 s
# so the six really interleave on the wire (unpaced, each nmap is done in
# ~1 ms and they merely follow one another).  -Pn, yet on a LAN nmap still
# ARPs for the target, from each -S address.
sc_scan_distributed() {
	local i a b src pids=() srcs=() slices='{}' xmls=()
	scenario_begin scan-distributed 0
	for i in 3 4 5 6 7 8; do
		src=10.77.0.$i a=$(((i - 3) * 8 + 1)) b=$(((i - 3) * 8 + 8))
		srcs+=("$src")
		xmls+=("$WORK/$CUR.nmap-$i.xml")
		slices=$(jq -c --arg s "$src" --arg r "$a-$b" '. + {($s):$r}' <<<"$slices")
	done
	intent --arg s "${srcs[0]}" --arg t "$TGT" --arg o "22,25" \
		--argjson ss "$(printf '%s\n' "${srcs[@]}" | jq -R . | jq -sc .)" \
		--argjson sl "$slices" \
		--argjson x "$(printf '%s\n' "${xmls[@]}" | jq -R . | jq -sc .)" \
		--arg c "6 x nmap -n -Pn -sS -S 10.77.0.X -p SLICE --scan-delay 50ms $TGT, at once (X=3..8, SLICE=1-8 ... 41-48)" \
		'{type:"scan", id:"scan-distributed", tool:"nmap", technique:"tcp_syn",
		  kind:"vertical", source:$s, sources:$ss, slices:$sl, distributed:true,
		  targets:[$t], ports:"1-48", open_expected:$o, tool_output:$x, command:$c}'
	for i in 3 4 5 6 7 8; do
		a=$(((i - 3) * 8 + 1)) b=$(((i - 3) * 8 + 8))
		ns_bg "$NS_A" timeout 120 nmap -n -e "$IF_A" -S "10.77.0.$i" -Pn -sS -p "$a-$b" --scan-delay 50ms \
			--reason -oX "$WORK/$CUR.nmap-$i.xml" "$TGT" >"$WORK/$CUR.nmap-$i.txt"
		pids+=("$BG_PID")
	done
	for i in "${pids[@]}"; do wait "$i" || log "nmap pid $i exited with $?"; done
	benign_intent "$TGT" scanned_host "the scanned host: only answers" null
	scenario_end "Distributed SYN scan of 10.77.0.10 ports 1-48: six sources 10.77.0.3-8 (pl-atk secondaries), each nmap -sS -Pn --scan-delay 50ms on its own 8 ports, all six at once (interleaved); open 22 (slice of .5) and 25 (slice of .6)."
}

sc_masscan() {
	local ports=1-500
	scenario_begin masscan 0
	intent --arg p "$ports" --arg o "22,25,80,443" --arg s "$ATK" --arg t "$TGT" \
		--arg x "$WORK/$CUR.masscan.json" \
		--arg c "masscan $TGT -p$ports --rate 200 --router-mac $MAC_T" \
		'{type:"scan", id:"masscan", tool:"masscan", technique:"tcp_syn",
		  kind:"vertical", source:$s, targets:[$t], ports:$p,
		  open_expected:$o, tool_output:$x, command:$c}'
	# masscan has its own TCP/IP stack: no gateway exists here, so give it the
	# target's MAC as "router".  The scanner's kernel RSTs the SYN-ACKs.
	# Trap: masscan 1.3.2 only leaves its receive loop when a packet arrives
	# after --wait expires; on a silent veth it hangs forever.  So, once the
	# scan is due to be over (500 ports / 200 pps + 3 s wait), the scanner
	# pings the target once a second (at most 10 times) until masscan exits.
	# Those pings are in the capture and noted in the truth file.
	local mpid i pings=0
	ns_bg "$NS_A" timeout -k 5 60 masscan "$TGT" -p"$ports" --rate 200 --seed 7 \
		--adapter "$IF_A" --adapter-ip "$ATK" --adapter-mac "$MAC_A" \
		--router-mac "$MAC_T" --wait 3 -oJ "$WORK/$CUR.masscan.json" \
		>"$WORK/$CUR.masscan.txt" 2>&1 </dev/null
	mpid=$BG_PID
	sleep 6.5
	for i in $(seq 10); do
		alive "$mpid" || break
		nsa ping -n -c 1 -W 1 "$TGT" >/dev/null 2>&1 || true
		pings=$((pings + 1))
		sleep 1
	done
	wait "$mpid" || log "masscan exited with $?"
	intent --arg n "$pings" '{type:"note", text:("after the scan the scanner sent " + $n + " ICMP echo request(s) to the target to wake masscan'"'"'s receive loop (masscan 1.3.2 hangs on a silent link)")}'
	benign_intent "$ATK" masscan_wakeup_ping "the scanner's ICMP echo after the scan (lab artefact, not part of the scan)" null
	benign_intent "$TGT" scanned_host "the scanned host: only answers" null
	scenario_end "masscan SYN scan of ports 1-500 on one host at --rate 200 (about 2.5 s): 4 open (22,25,80,443)."
}

sc_hping3_syn() {
	scenario_begin hping3-syn 0
	intent --arg p "20-89" --arg o "22,25,80" --arg s "$ATK" --arg t "$TGT" \
		--arg x "$WORK/$CUR.hping3.txt" \
		--arg c "hping3 -S -p ++20 -c 70 -i u20000 $TGT" \
		'{type:"scan", id:"hping3-syn", tool:"hping3", technique:"tcp_syn",
		  kind:"vertical", source:$s, targets:[$t], ports:$p,
		  open_expected:$o, tool_output:$x, command:$c}'
	# -p ++20: destination port 20, 21, ... one per packet; 70 packets, 20 ms apart
	nsa timeout 60 hping3 -I "$IF_A" -S -p ++20 -c 70 -i u20000 "$TGT" \
		>"$WORK/$CUR.hping3.txt" 2>&1 || true
	benign_intent "$TGT" scanned_host "the scanned host: only answers" null
	scenario_end "hping3 SYN probes with incrementing destination port (-p ++20, 70 packets, 20 ms apart): ports 20-89, open 22,25,80."
}

# ---- port knocking (knockd in pl-tgt, config samples/knockd.conf)
knock_setup() { # [interface]: knockd + DROP on the guarded ports
	nst iptables -A INPUT -p tcp -m multiport --dports 2222,8443 -j DROP
	ns_bg "$NS_T" timeout 900 knockd -i "${1:-$IF_T}" -c "$KNOCKD_CONF" \
		-g "$WORK/$CUR.knockd.log" -p "$WORK/$CUR.knockd.pid" -v \
		>"$WORK/$CUR.knockd.out" 2>&1
	wait_for "$WORK/$CUR.knockd.out" "listening on"
}

# knock SRC SECTION SENT GAP PORT SVC OUTCOME [DST]: knock DST (default
# $TGT), wait 1 s, try PORT.
knock() {
	local src=$1 section=$2 sent=$3 gap=$4 port=$5 svc=$6 outcome=$7 dst=${8:-$TGT} k t
	k=$(cli "$NS_A" 60 knock --src "$src" --dst "$dst" --seq "$sent" --gap "$gap")
	sleep 1
	t=$(cli "$NS_A" 30 try --src "$src" --dst "$dst" --port "$port" --svc "$svc" --timeout 4)
	intent --arg s "$src" --arg d "$dst" --arg sec "$section" --arg sent "$sent" \
		--argjson gap "$gap" --argjson port "$port" --arg o "$outcome" \
		--arg conf "$KNOCKD_CONF" --argjson k "$k" --argjson t "$t" \
		--arg log "$WORK/$CUR.knockd.log" \
		'{type:"knock", source:$s, destination:$d, section:$sec, knockd_conf:$conf,
		  sent:($sent | split(",") | map(split(":") | {port:(.[0]|tonumber), proto:(.[1] // "tcp")})),
		  gap_s:$gap, opened_port:$port, outcome:$o, knockd_log_file:$log,
		  client_output:{knock:$k, followup:$t}}'
}

sc_knock_tcp_open() {
	scenario_begin knock-tcp-open 0 "2222:ssh,8443:http"
	knock_setup
	knock "$ATK" openSSH 7000,8000,9000 0.3 2222 ssh opened
	benign_intent "$TGT" knock_target "runs knockd; answers RST to the knock ports" null
	scenario_end "Correct TCP knock 7000,8000,9000 (SYNs 0.3 s apart, section openSSH) by 10.77.0.2, then a successful SSH-banner connection to the guarded port 2222."
}
sc_knock_wrong_order() {
	scenario_begin knock-wrong-order 0 "2222:ssh,8443:http"
	knock_setup
	knock "$ATK" openSSH 8000,7000,9000 0.3 2222 ssh failed
	benign_intent "$TGT" knock_target "runs knockd; answers RST to the knock ports" null
	scenario_end "Wrong-order TCP knock 8000,7000,9000 by 10.77.0.2; knockd does not open, and the following connection to 2222 gets no answer (SYN retransmits, DROP)."
}
sc_knock_udp() {
	scenario_begin knock-udp 0 "2222:ssh,8443:http"
	knock_setup
	knock "$ATK" openHTTPS-udp 7100:udp,7200:udp,7300:udp 0.3 8443 http opened
	benign_intent "$TGT" knock_target "runs knockd; answers ICMP port unreachable to the UDP knocks" null
	scenario_end "Correct UDP knock 7100,7200,7300/udp (section openHTTPS-udp) by 10.77.0.2, then a successful HTTP request to the guarded port 8443."
}
sc_knock_too_slow() {
	scenario_begin knock-too-slow 0 "2222:ssh,8443:http"
	knock_setup
	knock "$ATK" openSSH 7000,8000,9000 4 2222 ssh too_slow
	benign_intent "$TGT" knock_target "runs knockd; answers RST to the knock ports" null
	scenario_end "Right TCP sequence 7000,8000,9000 but 4 s apart (8 s in all > seq_timeout 5 s): knockd times the attempt out; the connection to 2222 gets no answer."
}

# ---- benign traps: must raise nothing
sc_benign_busy_client() {
	local out
	scenario_begin benign-busy-client 0
	out=$(cli "$NS_A" 300 tcp --src "$CLI1" --count 300 --delay 0.01 \
		--targets "$TGT:80:http,$TGT:443:echo,$TGT:22:ssh")
	benign_intent "$CLI1" busy_client "300 successful connections with data to 3 services (80 http, 443 echo, 22 ssh banner) in a few seconds" "$out"
	benign_intent "$TGT" server "serves the busy client" null
	scenario_end "Benign: one busy client opens 300 short TCP connections, round-robin to ports 80, 443 and 22 of one server, every one completed with data."
}
sc_benign_dns_server() {
	local out
	scenario_begin benign-dns-server 0
	out=$(cli "$NS_A" 120 dns --srcs "$CLI1,$CLI2,$CLI3,$CLI4" --server "$TGT" \
		--count 200 --delay 0.02)
	benign_intent "$TGT" dns_server "answers 200 DNS queries, each to a different client ephemeral port (looks like a UDP port sweep from the server if direction is ignored)" null
	benign_intent "$CLI1" dns_client "50 of the 200 queries, each from a fresh ephemeral port" "$out"
	benign_intent "$CLI2" dns_client "50 of the 200 queries" "$out"
	benign_intent "$CLI3" dns_client "50 of the 200 queries" "$out"
	benign_intent "$CLI4" dns_client "50 of the 200 queries" "$out"
	scenario_end "Benign: a DNS-shaped UDP server on 10.77.0.10:53 answers 200 queries from 4 clients (10.77.0.3-6), each query from a new ephemeral source port."
}
sc_benign_retry_dead() {
	local out
	scenario_begin benign-retry-dead 0
	out=$(cli "$NS_A" 60 retry --src "$CLI1" --dst "$TGT" --port 5432 --tries 5 --delay 1)
	benign_intent "$CLI1" retry_client "5 connection attempts, 1 s apart, to 10.77.0.10:5432 where nothing listens (5 x RST)" "$out"
	benign_intent "$TGT" server "refuses with RST" null
	scenario_end "Benign: a client retries a dead service (10.77.0.10:5432, nothing listening) 5 times, 1 s apart; every attempt refused with RST."
}
sc_benign_many_peers() {
	local out hosts
	hosts=$(seq -s, -f "10.77.0.%g" "$ALIVE_FIRST" "$ALIVE_LAST")
	scenario_begin benign-many-peers 0
	out=$(cli "$NS_A" 120 peers --src "$CLI2" --hosts "$hosts" --port 25 --svc smtp \
		--delay-min 0.2 --delay-max 0.8 --seed 25)
	benign_intent "$CLI2" mail_relay "one SMTP session (EHLO, QUIT) to port 25 on each of 35 addresses, 0.2-0.8 s apart" "$out"
	benign_intent "$TGT" server "one of the 35 mail servers (all share pl-tgt)" null
	scenario_end "Benign: a mail relay (10.77.0.4) talks SMTP to port 25 on 35 different addresses (10.77.0.10-44), one completed session each, 0.2-0.8 s apart."
}

# Health checker: connect + close (no payload) to 30 backends every 2 s for
# 2 minutes, as a load balancer's TCP check does.  1800 handshakes from one
# source to 30 addresses: the same fan-out as a horizontal sweep, but every
# connection completes, on one port, on a fixed schedule.
sc_benign_health_check() {
	local out hosts
	hosts=$(seq -s, -f "10.77.0.%g" 11 40)
	scenario_begin benign-health-check 0
	out=$(cli "$NS_A" 150 health --src "$CLI1" --hosts "$hosts" --port 80 \
		--interval 2 --rounds 60)
	benign_intent "$CLI1" health_checker "TCP health check of 30 backends 10.77.0.11-40:80 every 2 s for 2 minutes (60 rounds): connect, then close at once, no payload" "$out"
	benign_intent "$TGT" server "one of the 30 backends (all share pl-tgt)" null
	scenario_end "Benign: a load balancer's TCP health check (10.77.0.3) connects to port 80 on 30 backends (10.77.0.11-40) and closes at once, no payload, every 2 s for 2 minutes (60 rounds, 1800 completed handshakes)."
}

# Connection pool: 200 short request/response connections, round-robin to
# 20 servers on port 80.
sc_benign_pool() {
	local out tg="" i
	for i in $(seq 11 30); do tg+="${tg:+,}10.77.0.$i:80:http"; done
	scenario_begin benign-pool 0
	out=$(cli "$NS_A" 120 tcp --src "$CLI2" --count 200 --delay 0.02 --targets "$tg")
	benign_intent "$CLI2" pool_client "200 short HTTP connections (one request, one response each), round-robin over 20 servers 10.77.0.11-30:80" "$out"
	benign_intent "$TGT" server "one of the 20 servers (all share pl-tgt)" null
	scenario_end "Benign: an application's connection pool (10.77.0.4) makes 200 short HTTP connections, each with a request and a response, round-robin over 20 servers (10.77.0.11-30:80)."
}

# Monitoring: one ICMP echo to each of 30 hosts every 10 s, 6 rounds.
sc_benign_pinger() {
	local r h t0
	scenario_begin benign-pinger 0
	t0=$SECONDS
	for r in $(seq 6); do
		for h in $(seq 11 40); do
			nsa timeout 3 ping -n -c 1 -W 1 -I "$CLI3" "10.77.0.$h" >/dev/null 2>&1 || true
		done
		((r == 6)) || sleep $((t0 + r * 10 - SECONDS > 0 ? t0 + r * 10 - SECONDS : 0))
	done
	benign_intent "$CLI3" monitor "pings 30 hosts 10.77.0.11-40 (ping -c 1 -W 1 each) every 10 s, 6 rounds: 180 echo requests, all answered" null
	benign_intent "$TGT" server "one of the 30 monitored hosts (all share pl-tgt)" null
	scenario_end "Benign: a monitoring host (10.77.0.5) pings 30 hosts (10.77.0.11-40) once each every 10 s for 6 rounds (about 1 minute), every echo answered."
}

# A busy LAN's ARP: announcements (arping -U / -A), and neighbours that
# resolve each other again and again (caches flushed between rounds).
sc_benign_arp_lan() {
	local r a h
	scenario_begin benign-arp-lan 0
	for a in 3 4 5 6; do   # hosts coming up: unsolicited (gratuitous) requests
		nsa timeout 5 arping -q -U -c 2 -w 3 -I "$IF_A" -s "10.77.0.$a" "10.77.0.$a" || true
	done
	for h in 11 12 13; do  # failover: gratuitous replies
		nst timeout 5 arping -q -A -c 2 -w 3 -I "$IF_T" -s "10.77.0.$h" "10.77.0.$h" || true
	done
	for r in 1 2 3 4 5; do
		ip -n "$NS_A" neigh flush dev "$IF_A"
		ip -n "$NS_T" neigh flush dev "$IF_T"
		for a in 3 4 5 6 7 8 9; do   # each client talks to 3 servers
			for h in $((10 + a)) $((20 + a)) $((30 + a)); do
				nsa timeout 3 ping -n -c 1 -W 1 -I "10.77.0.$a" "10.77.0.$h" >/dev/null 2>&1 || true
			done
		done
		for h in 11 12 13 14; do     # servers resolving clients
			nst timeout 3 ping -n -c 1 -W 1 -I "10.77.0.$h" "10.77.0.$((h - 8))" >/dev/null 2>&1 || true
		done
		sleep 2
	done
	for a in 3 4 5 6; do
		benign_intent "10.77.0.$a" lan_host "announces itself (arping -U, 2 gratuitous requests), then resolves and pings 3 servers per round, 5 rounds with caches flushed" null
	done
	for a in 7 8 9; do
		benign_intent "10.77.0.$a" lan_host "resolves and pings 3 servers per round, 5 rounds with caches flushed" null
	done
	for h in 11 12 13; do
		benign_intent "10.77.0.$h" lan_server "announces itself (arping -A, 2 gratuitous replies), answers, and resolves one client per round" null
	done
	scenario_end "Benign: a busy LAN's ARP: 4 hosts announce themselves (arping -U), 3 servers send gratuitous replies (arping -A), then 5 rounds of flushed neighbour caches in which 7 hosts (10.77.0.3-9) each resolve and ping 3 servers and 4 servers resolve a client."
}

# ---- mixed: a scan and a knock hidden in benign traffic
sc_mixed() {
	local p1 p2 p3 p4
	scenario_begin mixed 0 "2222:ssh,8443:http"
	knock_setup
	ns_bg "$NS_A" timeout 120 "$PY" "$LAB/labcli.py" tcp --src "$CLI1" --count 150 --delay 0.1 \
		--targets "$TGT:80:http,$TGT:443:echo" >"$WORK/$CUR.busy.json"
	p1=$BG_PID
	ns_bg "$NS_A" timeout 120 "$PY" "$LAB/labcli.py" dns --srcs "$CLI2,$CLI3" --server "$TGT" \
		--count 100 --delay 0.15 >"$WORK/$CUR.dns.json"
	p2=$BG_PID
	ns_bg "$NS_A" timeout 120 "$PY" "$LAB/labcli.py" peers --src "$CLI4" --port 25 --svc smtp \
		--hosts "$(seq -s, -f "10.77.0.%g" 11 20)" --delay-min 0.5 --delay-max 1.5 --seed 9 \
		>"$WORK/$CUR.peers.json"
	p3=$BG_PID
	sleep 3
	intent --arg p "1-150" --arg o "22,25,80" --arg s "$ATK" --arg t "$TGT" \
		--arg x "$WORK/$CUR.nmap.xml" --arg c "nmap -n -sS --max-rate 20 -p 1-150 $TGT" \
		'{type:"scan", id:"mixed-syn", tool:"nmap", technique:"tcp_syn", kind:"vertical",
		  source:$s, targets:[$t], ports:$p, open_expected:$o, tool_output:$x, command:$c}'
	ns_bg "$NS_A" timeout 120 nmap -n -e "$IF_A" -sS --max-rate 20 -p 1-150 --reason \
		-oX "$WORK/$CUR.nmap.xml" "$TGT" >"$WORK/$CUR.nmap.txt"
	p4=$BG_PID
	sleep 4
	knock "$KNOCKER2" openSSH 7000,8000,9000 0.5 2222 ssh opened
	wait "$p1" "$p2" "$p3" "$p4" || true
	benign_intent "$CLI1" busy_client "150 connections to 80/443, 0.1 s apart" "$(cat "$WORK/$CUR.busy.json")"
	benign_intent "$CLI2" dns_client "half of 100 DNS queries (fresh ephemeral port each)" "$(cat "$WORK/$CUR.dns.json")"
	benign_intent "$CLI3" dns_client "other half of the DNS queries" "$(cat "$WORK/$CUR.dns.json")"
	benign_intent "$CLI4" mail_relay "SMTP to port 25 on 10 addresses, 0.5-1.5 s apart" "$(cat "$WORK/$CUR.peers.json")"
	benign_intent "$TGT" server "serves everything, runs knockd" null
	scenario_end "Mixed: benign web, DNS and SMTP traffic from 10.77.0.3-6 for about 15 s; inside it a rate-limited nmap -sS of ports 1-150 from 10.77.0.2 and a correct knock 7000,8000,9000 by 10.77.0.7 followed by a connection to 2222."
}

# ---- tunnels: the scan and the knock of nmap-syn and knock-tcp-open, inside
# an overlay between the same two namespaces.  The capture stays on the
# underlay (pl-tgt0), so the pcap holds the encapsulated packets: a reader
# must decapsulate to see the scanner, the knocker and the target at all.
# Overlay host numbers as on the underlay: .2 scans, .7 knocks (a second
# source, so the knock is not part of the scanner's traffic, as in mixed),
# .10 is the target; labsrv is bound to every address, so the same ports
# are open, and the same iptables rules filter 135,139 and guard 2222.

# tunnel_intent TYPE ID DEVICE NET HOW: the truth's "tunnels" entry.
tunnel_intent() {
	intent --arg k "$1" --argjson id "$2" --arg dev "$3" --arg net "$4.0/24" \
		--arg how "$5" --arg a "$ATK" --arg t "$TGT" \
		'{type:"tunnel", kind:$k, id:$id, device:$dev, overlay:$net, how:$how,
		  underlay:[$a, $t]}'
	host_intent "$ATK" "underlay: tunnel endpoint in pl-atk (pl-atk0)"
	host_intent "$TGT" "underlay: tunnel endpoint in pl-tgt (pl-tgt0, the capture point)"
	host_intent "$4.2" "overlay: scanner (pl-atk, on $3)"
	host_intent "$4.7" "overlay: knocker (pl-atk, on $3)"
	host_intent "$4.10" "overlay: target with listeners and knockd (pl-tgt, on $3)"
}

# vxlan_up: vx0 in both namespaces (VNI 42, UDP 4789, unicast to the
# other underlay address; an Ethernet overlay, so ARP runs inside it).
vxlan_up() {
	ip -n "$NS_A" link add "$VX_DEV" address "$VX_MAC_A" type vxlan id "$VX_ID" \
		local "$ATK" remote "$TGT" dstport "$VX_PORT" dev "$IF_A"
	ip -n "$NS_T" link add "$VX_DEV" address "$VX_MAC_T" type vxlan id "$VX_ID" \
		local "$TGT" remote "$ATK" dstport "$VX_PORT" dev "$IF_T"
	ip -n "$NS_A" addr add "$VX_NET.2/24" dev "$VX_DEV"
	ip -n "$NS_A" addr add "$VX_NET.7/24" dev "$VX_DEV"
	ip -n "$NS_T" addr add "$VX_NET.10/24" dev "$VX_DEV"
	ip -n "$NS_A" link set "$VX_DEV" up
	ip -n "$NS_T" link set "$VX_DEV" up
	tunnel_intent vxlan "$VX_ID" "$VX_DEV" "$VX_NET" \
		"kernel: ip link add $VX_DEV type vxlan id $VX_ID local <own underlay> remote <peer underlay> dstport $VX_PORT dev <veth>"
}

# gre_up: gre1 in both namespaces, key 7, point to point (no ARP).
# Trap: a kernel built without GRE (CONFIG_NET_IPGRE unset, no modules)
# refuses `ip tunnel add ... mode gre` with "No such device".  Then each
# namespace runs lab/gretun.py: a TUN device named gre1 whose packets it
# wraps in the same GRE header (K bit, type 0x0800, key 7) and sends over
# a raw socket (protocol 47) to the other underlay address, and back.  The
# truth's tunnels[].how says which one made the capture.
gre_up() {
	local how ns here there
	if ip -n "$NS_A" tunnel add "$GRE_DEV" mode gre local "$ATK" remote "$TGT" \
		key "$GRE_KEY" ttl 64 2>"$WORK/$CUR.gre.err"; then
		ip -n "$NS_T" tunnel add "$GRE_DEV" mode gre local "$TGT" remote "$ATK" \
			key "$GRE_KEY" ttl 64
		how="kernel: ip tunnel add $GRE_DEV mode gre local <own underlay> remote <peer underlay> key $GRE_KEY ttl 64"
	else
		log "no GRE in this kernel ($(tr -d '\n' <"$WORK/$CUR.gre.err")): lab/gretun.py endpoints"
		for ns in "$NS_A" "$NS_T"; do
			if [[ $ns == "$NS_A" ]]; then here=$ATK there=$TGT; else here=$TGT there=$ATK; fi
			ns_bg "$ns" timeout 900 "$PY" "$LAB/gretun.py" --dev "$GRE_DEV" \
				--local "$here" --remote "$there" --key "$GRE_KEY" \
				>"$WORK/$CUR.gretun.$ns.log" 2>&1
			wait_for "$WORK/$CUR.gretun.$ns.log" "ready"
		done
		how="user space (kernel without GRE): lab/gretun.py on a TUN device $GRE_DEV, raw socket protocol 47, key $GRE_KEY"
	fi
	ip -n "$NS_A" addr add "$GRE_NET.2/24" dev "$GRE_DEV"
	ip -n "$NS_A" addr add "$GRE_NET.7/24" dev "$GRE_DEV"
	ip -n "$NS_T" addr add "$GRE_NET.10/24" dev "$GRE_DEV"
	ip -n "$NS_A" link set "$GRE_DEV" mtu "$GRE_MTU" up
	ip -n "$NS_T" link set "$GRE_DEV" mtu "$GRE_MTU" up
	tunnel_intent gre "$GRE_KEY" "$GRE_DEV" "$GRE_NET" "$how"
}

# overlay_scan_knock DEV NET NMAP-FLAGS: nmap-syn's scan (same ports) from
# NET.2, then knock-tcp-open's knock from NET.7, both at NET.10.
overlay_scan_knock() {
	local dev=$1 net=$2 flags=$3
	local atk=$net.2 knocker=$net.7 tgt=$net.10
	knock_setup "$dev"
	intent --arg id "$CUR-syn" --arg p "$TCP_PORTS" --arg o "$TCP_OPEN" \
		--arg s "$atk" --arg t "$tgt" --arg x "$WORK/$CUR.nmap.xml" \
		--arg c "nmap -n -e $dev${flags:+ $flags} -sS -p $TCP_PORTS $tgt" \
		'{type:"scan", id:$id, tool:"nmap", technique:"tcp_syn", kind:"vertical",
		  source:$s, targets:[$t], ports:$p, open_expected:$o,
		  tool_output:$x, command:$c}'
	# shellcheck disable=SC2086  # $flags holds options on purpose
	nsa timeout 300 nmap -n -e "$dev" $flags -sS -p "$TCP_PORTS" --reason \
		-oX "$WORK/$CUR.nmap.xml" "$tgt" >"$WORK/$CUR.nmap.txt"
	sleep 1
	knock "$knocker" openSSH 7000,8000,9000 0.3 2222 ssh opened "$tgt"
	benign_intent "$tgt" scanned_host "the scanned and knocked host: only answers, runs knockd on $dev" null
}

sc_tunnel_vxlan() {
	scenario_begin tunnel-vxlan 0 "2222:ssh,8443:http"
	vxlan_up
	overlay_scan_knock "$VX_DEV" "$VX_NET" ""
	scenario_end "nmap-syn and knock-tcp-open inside VXLAN (VNI 42, UDP 4789) between pl-atk and pl-tgt, captured on the underlay veth: nmap -sS on 202 ports of 10.78.0.10 from 10.78.0.2 (5 open, 135,139 filtered; ARP ping inside the overlay first), then a correct TCP knock 7000,8000,9000 by 10.78.0.7 and an SSH-banner connection to 2222."
}

sc_tunnel_gre() {
	scenario_begin tunnel-gre 0 "2222:ssh,8443:http"
	gre_up
	# -Pn: a point-to-point overlay has no ARP, so without it nmap would
	# ping with ICMP echo, SYN/443, ACK/80 and timestamp first; the scan
	# itself is the same as nmap-syn's.
	overlay_scan_knock "$GRE_DEV" "$GRE_NET" "-Pn"
	scenario_end "nmap-syn and knock-tcp-open inside GRE (key 7) between pl-atk and pl-tgt, captured on the underlay veth: nmap -Pn -sS on 202 ports of 10.79.0.10 from 10.79.0.2 (5 open, 135,139 filtered), then a correct TCP knock 7000,8000,9000 by 10.79.0.7 and an SSH-banner connection to 2222."
}

ALL_SCENARIOS=(quickstart
	nmap-syn nmap-connect nmap-fin nmap-null nmap-xmas nmap-ack nmap-maimon
	nmap-window nmap-udp sweep-horizontal nmap-slow nmap-ipv6-syn masscan
	hping3-syn knock-tcp-open knock-wrong-order knock-udp knock-too-slow
	benign-busy-client benign-dns-server benign-retry-dead benign-many-peers
	benign-health-check benign-pool benign-pinger benign-arp-lan
	mixed sweep-open
	nmap-ping-sweep nmap-icmp-echo-sweep nmap-arp-sweep arp-scan nmap-decoy
	nmap-ip-protocol scan-distributed tunnel-vxlan tunnel-gre)

main() {
	case ${1:-} in
	--list) printf '%s\n' "${ALL_SCENARIOS[@]}"; exit 0 ;;
	-h | --help) sed -n '2,8p' "$0"; exit 0 ;;
	esac
	[[ $(id -u) -eq 0 ]] || die "run as root (sudo $0)"
	need_tools
	mkdir -p "$PCAP_DIR" "$TRUTH_DIR"
	WORK=$(mktemp -d /tmp/portlens-lab.XXXXXX)
	local list=("$@") s t0=$SECONDS
	((${#list[@]})) || list=("${ALL_SCENARIOS[@]}")
	for s in "${list[@]}"; do
		declare -F "sc_${s//-/_}" >/dev/null || die "unknown scenario: $s"
	done
	for s in "${list[@]}"; do
		# every tool below runs under timeout(1); this is the backstop
		((SECONDS - t0 < MAX_RUN_S)) || die "over ${MAX_RUN_S} s, stopping before $s"
		"sc_${s//-/_}"
	done
	local tf=()
	for s in "${list[@]}"; do tf+=("$TRUTH_DIR/$s.json"); done
	"$LAB/verify-truth.sh" "${tf[@]}" || log "WARNING: some truth checks failed (above)"
	du -sh "$PCAP_DIR" >&2
	log "all scenarios done in $((SECONDS - t0)) s"
}

main "$@"
