#!/usr/bin/env bash
# tests/bench/bench.sh - portlens against a bare libpcap loop and its
# peers, on the same generated captures, in one run (make bench).
# Usage: tests/bench/bench.sh BUILD_DIR [quick]
#   BUILD_DIR holds portlens, gen and bareloop (built by make bench).
# Captures are generated into a temporary directory (never committed):
#   mix-1m     1M packets, ~50k client addresses (realistic mix)
#   scan-1m    1M packets of the mix with a port scan woven in
#   mix-10m    10M packets, ~1M client addresses (skipped with quick)
#   flood-2m   2M packets: a spoofed SYN flood from 1M sources, each SYN
#              sent twice (1M new flows, default --max-flows)
# Each tool runs RUNS times per file (file in page cache after a warm-up),
# the tools taking turns round by round; the median wall time (date +%s.%N around the run) gives packets/s and its
# ratio to the bare loop's median in the same run; user+sys CPU and max
# RSS come from GNU time; RSS per flow is max RSS over the flows portlens
# counts in that file (all flows of the file, not only concurrent ones). Peers run when installed (make bench-deps): tcpdump -w
# /dev/null, tshark -z conv,tcp, argus -r, ndpiReader; tshark and
# ndpiReader only on the 1M files (they take minutes on 10M).
# Then the cost of --ipfix to a local nfcapd on the mixes (every flow
# must arrive), and last, the HTML report of flood-2m: its size and, with chromium
# installed, its load time in headless Chromium (tests/browser/cdp.py).
# The table goes to stdout and tests/bench/last.md.
set -u
build=${1:?usage: bench.sh BUILD_DIR [quick]}
quick=${2:-}
here=$(cd "$(dirname "$0")" && pwd)
runs=${RUNS:-5}
tmp=$(mktemp -d /tmp/portlens-bench-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
TIME=/usr/bin/time
[ -x "$TIME" ] || { echo "bench: GNU time (/usr/bin/time) missing: make bench-deps"; exit 1; }

echo "bench: generating captures in $tmp"
"$build/gen" mix 1000000 50000 "$tmp/mix-1m.pcap"
"$build/gen" scanmix 1000000 50000 "$tmp/scan-1m.pcap"
"$build/gen" synretry 2000000 "$tmp/flood-2m.pcap"
files="mix-1m scan-1m flood-2m"
if [ "$quick" != quick ]; then
	"$build/gen" mix 10000000 1000000 "$tmp/mix-10m.pcap"
	files="$files mix-10m"
fi

# Every timed command runs on one CPU, the last (BENCH_CPU overrides): on
# this 2-vCPU VM the first one also serves interrupts and ran the same
# binary 20-40% slower at random, which made ratios between runs noise.
cpu=${BENCH_CPU:-$(( $(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 1) - 1 ))}
pin=()
command -v taskset >/dev/null && pin=(taskset -c "$cpu")

# median of the numbers on stdin
median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

# time_once CMD...: one timed run; prints "wall cpu rss_kb", or "- - -"
# when it failed (its stderr in $tmp/err).
time_once() {
	local t0 t1 u s m
	t0=$(date +%s.%N) # GNU time's %e has 10 ms steps: too coarse here
	"${pin[@]}" "$TIME" -f "%U %S %M" -o "$tmp/t" "$@" >/dev/null 2>"$tmp/err" ||
		{ echo "- - -"; return; }
	t1=$(date +%s.%N)
	read -r u s m < "$tmp/t"
	printf '%s %s %s\n' "$(echo "$t1 - $t0" | bc -l)" "$(echo "$u + $s" | bc -l)" "$m"
}

# run_tools FILE: every tool of tools[] RUNS times, round-robin (each
# round runs every tool once), so that a slow spell of the machine falls
# on all tools alike instead of on whichever ran then; the median of each
# tool's runs goes to result[index] as "wall cpu rss_kb", or "- - -".
run_tools() {
	local f=$1 i r
	local -a walls cpus rsss failed
	for i in "${!tools[@]}"; do
		"${pin[@]}" ${tools[$i]#*|} >/dev/null 2>&1 # warm-up: page cache
		walls[$i]="" cpus[$i]="" rsss[$i]="" failed[$i]=0
	done
	for ((r = 0; r < runs; r++)); do
		for i in "${!tools[@]}"; do
			[ "${failed[$i]}" = 1 ] && continue
			read -r w c m <<<"$(time_once ${tools[$i]#*|})"
			if [ "$w" = - ]; then
				failed[$i]=1
				echo "bench: ${tools[$i]%%|*} on $f failed: $(head -c 200 "$tmp/err")" >&2
				continue
			fi
			walls[$i]+="$w " cpus[$i]+="$c " rsss[$i]+="$m "
		done
	done
	for i in "${!tools[@]}"; do
		if [ "${failed[$i]}" = 1 ]; then result[$i]="- - -"; continue; fi
		result[$i]="$(tr ' ' '\n' <<<"${walls[$i]}" | grep . | median) $(tr ' ' '\n' <<<"${cpus[$i]}" | grep . | median) $(tr ' ' '\n' <<<"${rsss[$i]}" | grep . | median)"
	done
}

out="$here/last.md"
declare -A report_w flows_w
{
	echo "# portlens benchmark ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, median of $runs runs${pin:+, pinned to CPU $cpu})"
	echo
	echo "| file | packets | flows | tool | wall s | packets/s | ratio to bare | cpu s | max RSS MB | RSS bytes/flow |"
	echo "|---|---:|---:|---|---:|---:|---:|---:|---:|---:|"
} > "$out"

for f in $files; do
	pcap="$tmp/$f.pcap"
	packets=$("$build/bareloop" "$pcap")
	flows=$("$build/portlens" read -q --no-system-services "$pcap" | grep -o '"flows":{"total":[0-9]*' | grep -o '[0-9]*$')
	bare_w=
	tools=("bare-libpcap-loop|$build/bareloop $pcap"
	       "portlens report|$build/portlens read -q -o /dev/null $pcap"
	       "portlens report+flows|$build/portlens read -q -o /dev/null -F /dev/null $pcap")
	command -v tcpdump >/dev/null && tools+=("tcpdump -w /dev/null|tcpdump -q -nr $pcap -w /dev/null")
	command -v argus >/dev/null && tools+=("argus -r|argus -r $pcap -w /dev/null")
	if [ "$f" != mix-10m ] && [ "$f" != flood-2m ]; then
		command -v tshark >/dev/null && tools+=("tshark conv,tcp|tshark -q -n -r $pcap -z conv,tcp")
		command -v ndpiReader >/dev/null && tools+=("ndpiReader|ndpiReader -q -i $pcap")
	fi
	result=()
	run_tools "$f"
	for i in "${!tools[@]}"; do
		name=${tools[$i]%%|*}
		read -r w c m <<<"${result[$i]}"
		[ -z "$bare_w" ] && bare_w=$w # the first row is the bare loop
		case $name in
		"portlens report") report_w[$f]=$w ;;
		"portlens report+flows") flows_w[$f]=$w ;;
		esac
		if [ "$w" = - ]; then
			echo "| $f | $packets | $flows | $name | failed | | | | | |" >> "$out"
			continue
		fi
		pps=$(echo "$packets / $w" | bc -l)
		ratio=$(echo "$bare_w / $w" | bc -l)
		perflow=$(echo "$m * 1024 / $flows" | bc -l)
		printf '| %s | %s | %s | %s | %.3f | %.0f | %.3f | %.3f | %.1f | %.0f |\n' "$f" "$packets" \
			"$flows" "$name" "$w" "$pps" "$ratio" "$c" "$(echo "$m / 1024" | bc -l)" "$perflow" >> "$out"
	done
done
# What writing the flows costs: the same run with -F /dev/null over the
# run without (issue 13: at most 1.25 on the mixes, 1.5 on the flood).
{
	echo
	echo "| file | report s | report+flows s | flows cost (ratio) |"
	echo "|---|---:|---:|---:|"
	for f in $files; do
		r=${report_w[$f]:-} w=${flows_w[$f]:-}
		if [ -n "$r" ] && [ -n "$w" ] && [ "$r" != - ] && [ "$w" != - ]; then
			printf '| %s | %.3f | %.3f | %.2f |\n' "$f" "$r" "$w" "$(echo "$w / $r" | bc -l)"
		fi
	done
} >> "$out"
# What IPFIX export costs (issue 15: at most 1.25 on mix-10m): the same
# read with --ipfix to a local nfcapd (nfdump) over report only, on the
# mixes; nfcapd runs on another CPU than portlens when there is one, with
# a 256 MB socket buffer, and must receive every flow of every run
# (warm-up included): its flow and packet totals (nfdump -I) are checked
# against the capture's. Skipped without nfcapd (make test-deps).
ipfix_bench() { # ipfix_bench FILE FLOWS PACKETS
	local f=$1 flows=$2 packets=$3 d=$tmp/nf-$1 port=47390 nf_pid got gotp lost msgs
	local nfcpu=$(( cpu > 0 ? 0 : cpu ))
	mkdir -p "$d"
	command -v python3 >/dev/null && port=$(python3 -c 'import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
	taskset -c "$nfcpu" nfcapd -b 127.0.0.1 -p "$port" -w "$d" -B 268435456 >"$d.log" 2>&1 &
	nf_pid=$!
	for _ in $(seq 50); do ss -Huln "sport = :$port" | grep -q . && break; sleep 0.1; done
	tools=("portlens report|$build/portlens read -q -o /dev/null $tmp/$f.pcap"
	       "portlens report+ipfix|$build/portlens read -q --force -o $tmp/ipfix-$f.json --ipfix 127.0.0.1:$port $tmp/$f.pcap")
	result=()
	run_tools "$f"
	sleep 0.5
	kill -TERM "$nf_pid"; wait "$nf_pid"
	got=$(nfdump -R "$d" -I 2>/dev/null | awk '/^Flows:/ {print $2}')
	gotp=$(nfdump -R "$d" -I 2>/dev/null | awk '/^Packets:/ {print $2}')
	lost=$(grep -o '"records_lost":[0-9]*' "$tmp/ipfix-$f.json" | grep -o '[0-9]*$')
	msgs=$(grep -o '"ipfix":{"records":[0-9]*,"messages":[0-9]*' "$tmp/ipfix-$f.json" | grep -o '[0-9]*$')
	read -r rw _ <<<"${result[0]}"
	read -r iw _ <<<"${result[1]}"
	local n=$((runs + 1))
	if [ "$rw" = - ] || [ "$iw" = - ]; then
		echo "| $f | $rw | $iw | failed | | | | |"
		return
	fi
	printf '| %s | %.3f | %.3f | %.2f | %s | %s | %s / %s | %s / %s | %s |\n' "$f" "$rw" "$iw" \
		"$(echo "$iw / $rw" | bc -l)" "$flows" "$msgs" "${got:-?}" "$((flows * n))" \
		"${gotp:-?}" "$((packets * n))" "${lost:-?}"
}
if command -v nfcapd >/dev/null && command -v nfdump >/dev/null; then
	{
		echo
		echo "| file | report s | report+ipfix s | ipfix cost (ratio) | flows | messages/run | nfcapd flows / expected | nfcapd packets / expected | records_lost |"
		echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
		for f in $files; do
			case $f in mix-*) ;; *) continue ;; esac
			fl=$("$build/portlens" read -q --no-system-services "$tmp/$f.pcap" | grep -o '"flows":{"total":[0-9]*' | grep -o '[0-9]*$')
			ipfix_bench "$f" "$fl" "$("$build/bareloop" "$tmp/$f.pcap")"
		done
	} >> "$out"
else
	printf '\nIPFIX export: skipped (nfcapd not installed: make test-deps)\n' >> "$out"
fi
# Memory per concurrent flow: SYN floods whose flows all stay alive
# (attempt timeout 1 h), 100k and 1M distinct sources; the difference in
# peak RSS over the difference in flows is the cost of one more flow.
"$build/gen" synflood 100000 "$tmp/flood-100k.pcap"
"$build/gen" synflood 1000000 "$tmp/flood-1m.pcap"
rss_of() { "$TIME" -f "%M" -o "$tmp/t" "$build/portlens" read -q -o /dev/null \
	--timeout tcp-attempt=3600 "$1" >/dev/null 2>&1; cat "$tmp/t"; }
r1=$(rss_of "$tmp/flood-100k.pcap"); r2=$(rss_of "$tmp/flood-1m.pcap")
{
	echo
	echo "Memory per concurrent flow (SYN flood, every flow alive at the end):"
	echo "100k flows: $((r1 / 1024)) MB peak RSS; 1M flows: $((r2 / 1024)) MB;"
	printf 'marginal: %.0f bytes per flow\n' "$(echo "($r2 - $r1) * 1024 / 900000" | bc -l)"
} >> "$out"
# The HTML report of flood-2m (1M flows): its size, and how long headless
# Chromium takes from Page.navigate to the load event (tests/browser/
# cdp.py loadtime; one run, after an about:blank warm-up), when chromium
# is installed (make test-deps). Chromium's profile goes under $tmp.
if "$build/portlens" read -q --html "$tmp/flood-2m.html" -o /dev/null "$tmp/flood-2m.pcap" 2>/dev/null; then
	hsize=$(wc -c <"$tmp/flood-2m.html")
	load="chromium not installed"
	if command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1; then
		ms=$(TMPDIR=$tmp timeout -k 5 150 python3 "$here/../browser/cdp.py" --timeout 120 loadtime "$tmp/flood-2m.html" 2>"$tmp/err") &&
			load="Chromium load $ms ms" || load="Chromium load failed: $(tail -c 200 "$tmp/err")"
	fi
	printf '\nHTML report of flood-2m (1M flows): %s bytes (%.2f MB); %s\n' \
		"$hsize" "$(echo "$hsize / 1000000" | bc -l)" "$load" >> "$out"
else
	printf '\nHTML report of flood-2m: portlens read --html failed\n' >> "$out"
fi
cat "$out"
