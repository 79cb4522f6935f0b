#!/usr/bin/env bash
# tests/bench/floods.sh - hostile volume (make floods): generated, never
# committed captures of a 5-million-source SYN flood, a 1-million-probe
# sweep over all ports of many hosts from 256 sources, and 1 million IPv4
# fragments with no first fragment; plus a 1M-source flood to show run
# time grows linearly. Each runs with --max-flows 100000 and prints
# packets, peak RSS, evictions, the caps that bit, and run time. Fails
# when a run fails or the accounting identity breaks.
# Usage: tests/bench/floods.sh BUILD_DIR
set -u
build=${1:?usage: floods.sh BUILD_DIR}
tmp=$(mktemp -d /tmp/portlens-floods-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
"$build/gen" synflood 1000000 "$tmp/synflood-1m.pcap"
"$build/gen" synflood 5000000 "$tmp/synflood-5m.pcap"
"$build/gen" sweep 1000000 "$tmp/sweep-1m.pcap"
"$build/gen" frags 1000000 "$tmp/frags-1m.pcap"
rc=0
printf '| scenario | packets | peak RSS MB | flows evicted | sources evicted (scan) | pairs evicted (knock) | not in a flow | scans | time s |\n'
printf '|---|---:|---:|---:|---:|---:|---:|---:|---:|\n'
for s in synflood-1m synflood-5m sweep-1m frags-1m; do
	/usr/bin/time -f "%e %M" -o "$tmp/t" "$build/portlens" read -q --max-flows 100000 \
		--force -o "$tmp/r.json" "$tmp/$s.pcap" || { echo "floods: $s failed"; rc=1; continue; }
	read -r secs rss < "$tmp/t"
	get() { grep -o "\"$1\":[0-9]*" "$tmp/r.json" | head -1 | cut -d: -f2; }
	packets=$(get packets); l4=$(get l4); l3=$(get l3_only); nonip=$(get non_ip); errs=$(get errors)
	[ $((l4 + l3 + nonip + errs)) -eq "$packets" ] || { echo "floods: $s: accounting broken"; rc=1; }
	scans=$(grep -o '"dataset":"portlens.scan"' "$tmp/r.json" | wc -l)
	printf '| %s | %s | %.1f | %s | %s | %s | %s | %s | %s |\n' "$s" "$packets" \
		"$(echo "$rss / 1024" | bc -l)" "$(get evicted)" "$(get sources_evicted)" \
		"$(get pairs_evicted)" "$(get ip_packets_not_in_flow)" "$scans" "$secs"
done
exit $rc
