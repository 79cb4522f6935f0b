#!/usr/bin/env bash
# tests/hostile_test.sh - damaged and forged capture files.
# Each file is generated here (nothing committed) and read with
# `portlens read -o REPORT`; each must give its documented exit code
# (docs/robustness.md) and message, count the packets before the damage
# in the report, keep the report's accounting identity, and never crash.
# make test runs it with the normal build, again with --valgrind (every
# run under valgrind's memcheck: any error or definite leak fails), and
# with the ASan+UBSan build.
# Usage: tests/hostile_test.sh [--valgrind] PATH/TO/portlens
set -u
wrap=()
if [ "${1:-}" = --valgrind ]; then
	shift
	if ! command -v valgrind >/dev/null 2>&1; then
		echo "hostile: valgrind not installed (make test-deps); skipped"
		exit 0
	fi
	wrap=(valgrind -q --error-exitcode=99 --leak-check=full
	      --errors-for-leak-kinds=definite --show-leak-kinds=definite)
fi
bin=${1:?usage: hostile_test.sh [--valgrind] PORTLENS}
tmp=$(mktemp -d /tmp/portlens-hostile-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0 files=0
# Cases run in parallel, as many as there are CPUs (each under valgrind
# takes about a second); each writes its verdict to $tmp/verdict.N.
jobs=${JOBS:-$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 1)}

bad() { echo "hostile FAIL: $*" >"$verdict"; }

# ---- classic pcap pieces (little-endian, v2.4) ----
# pcap_header LINKTYPE_BYTE [SNAPLEN_LE16]
pcap_header() {
	printf '\xd4\xc3\xb2\xa1\x02\x00\x04\x00\x00\x00\x00\x00\x00\x00\x00\x00'
	printf "${2:-\\xff\\xff}"'\x00\x00'"$1"'\x00\x00\x00'
}
# A 42-byte Ethernet/IPv4/UDP 1024 -> 53 frame, and a record holding it.
frame() {
	printf '\x00\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x08\x00'
	printf '\x45\x00\x00\x1c\x00\x01\x00\x00\x40\x11\x00\x00\x0a\x00\x00\x01\x0a\x00\x00\x02'
	printf '\x04\x00\x00\x35\x00\x08\x00\x00'
}
record() { printf '\x01\x00\x00\x00\x00\x00\x00\x00\x2a\x00\x00\x00\x2a\x00\x00\x00'; frame; }
# record_header CAPLEN_LE32 WIRELEN_LE32 (escaped bytes)
record_header() { printf '\x02\x00\x00\x00\x00\x00\x00\x00'"$1$2"; }

# ---- pcapng pieces (little-endian) ----
shb() { printf '\x0a\x0d\x0d\x0a\x1c\x00\x00\x00\x4d\x3c\x2b\x1a\x01\x00\x00\x00\xff\xff\xff\xff\xff\xff\xff\xff\x1c\x00\x00\x00'; }
idb() { printf '\x01\x00\x00\x00\x14\x00\x00\x00'"$1"'\x00\x00\x00\xff\xff\x00\x00\x14\x00\x00\x00'; }
# epb IFID_BYTE CAPLEN_BYTE BLOCKLEN_BYTE [TRAILER_BYTE]: the 42-byte frame.
epb() {
	printf '\x06\x00\x00\x00'"$3"'\x00\x00\x00'"$1"'\x00\x00\x00\x00\x00\x00\x00\x40\x42\x0f\x00'
	printf "$2"'\x00\x00\x00\x2a\x00\x00\x00'; frame; printf '\x00\x00'"${4:-$3}"'\x00\x00\x00'
}
good_epb() { epb '\x00' '\x2a' '\x4c'; }
# Interface 1 of mixed() is LINKTYPE_RAW: the same datagram, no Ethernet.
raw_epb() {
	printf '\x06\x00\x00\x00\x3c\x00\x00\x00\x01\x00\x00\x00\x00\x00\x00\x00\x40\x42\x0f\x00'
	printf '\x1c\x00\x00\x00\x1c\x00\x00\x00'; frame | tail -c 28; printf '\x3c\x00\x00\x00'
}
# Two interfaces of different link types: libpcap refuses the second, so
# portlens's own reader (analyzer/capture/pcapng.c) takes over.
mixed() { shb; idb '\x01'; idb '\x65'; good_epb; raw_epb; }
unknown_block() { printf '\xad\x0b\x00\x00\x10\x00\x00\x00\x01\x02\x03\x04\x10\x00\x00\x00'; }

make_files() {
	cd "$tmp" || exit 1
	{ pcap_header '\x01'; record; } | head -c 12 >cut-global-header.pcap
	: >empty.pcap
	{ printf '\xde\xad\xbe\xef'; pcap_header '\x01' | tail -c +5; record; } >wrong-magic.pcap
	echo "just text, not a capture" >text.pcap
	{ pcap_header '\x01'; record; record | head -c 10; } >cut-record-header.pcap
	{ pcap_header '\x01'; record; record | head -c 30; } >cut-record-data.pcap
	{ pcap_header '\x01'; record; record_header '\x00\x00\x00\x00' '\x00\x00\x00\x00'; record; } >zero-length-record.pcap
	{ pcap_header '\x01'; record; record_header '\x00\x00\x05\x00' '\x00\x00\x05\x00'; head -c 1000 /dev/zero; } >record-over-256k.pcap
	{ pcap_header '\x01'; record; record_header '\x70\x11\x01\x00' '\x70\x11\x01\x00'; head -c 70000 /dev/zero; record; } >record-over-snaplen.pcap
	record >r1; for i in 1 2 3 4 5 6 7 8 9 10 11 12 13; do cat r1 r1 >r2 && mv r2 r1; done # 8192 records
	{ pcap_header '\x01'; cat r1; record_header '\x70\x11\x01\x00' '\x70\x11\x01\x00'; head -c 70000 /dev/zero; cat r1; } >record-over-snaplen-late.pcap
	{ pcap_header '\x01'; record; record_header '\x70\x11\x01\x00' '\x70\x11\x01\x00'; head -c 70000 /dev/zero; record; record | head -c 10; } >record-over-snaplen-then-cut.pcap
	{ pcap_header '\x01' '\x64\x00'; record; record_header '\xc8\x00\x00\x00' '\xc8\x00\x00\x00'; frame; head -c 158 /dev/zero; record; } >record-over-small-snaplen.pcap
	{ pcap_header '\x01'; record_header '\x2a\x00\x00\x00' '\x10\x00\x00\x00'; frame; } >caplen-over-wirelen.pcap
	{ pcap_header '\x93'; record; } >unsupported-linktype.pcap
	{ shb; idb '\x01'; unknown_block; good_epb; } >ng-unknown-block.pcapng
	shb | head -c 20 >ng-cut-section-header.pcapng
	{ printf '\x0a\x0d\x0d\x0a\x1c\x00\x00\x00\x11\x22\x33\x44'; shb | tail -c +13; idb '\x01'; } >ng-bad-byte-order.pcapng
	{ shb; good_epb; } >ng-packet-before-interface.pcapng
	{ shb; idb '\x01'; good_epb; good_epb | head -c 40; } >ng-cut-block.pcapng
	{ shb; idb '\x01'; good_epb; epb '\x07' '\x2a' '\x4c'; } >ng-undefined-interface.pcapng
	{ shb; idb '\x01'; good_epb; epb '\x00' '\x2a' '\x4d'; } >ng-length-not-multiple-of-4.pcapng
	{ shb; idb '\x01'; good_epb; epb '\x00' '\x60' '\x4c'; } >ng-caplen-over-block.pcapng
	# Interface snap length 100, then a 200-byte packet on it.
	{ shb; printf '\x01\x00\x00\x00\x14\x00\x00\x00\x01\x00\x00\x00\x64\x00\x00\x00\x14\x00\x00\x00'
	  printf '\x06\x00\x00\x00\xe8\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x40\x42\x0f\x00\xc8\x00\x00\x00\xc8\x00\x00\x00'
	  head -c 200 /dev/zero; printf '\xe8\x00\x00\x00'; } >ng-packet-over-snaplen.pcapng
	{ shb; idb '\x01'; good_epb; printf '\x06\x00\x00\x00\xf0\xff\xff\x7f'; head -c 100 /dev/zero; } >ng-huge-block.pcapng
	{ shb; idb '\x01'; good_epb; epb '\x00' '\x2a' '\x4c' '\x50'; } >ng-trailer-mismatch.pcapng
	mixed >mixed.pcapng
	{ mixed; unknown_block; raw_epb; } >mixed-unknown-block.pcapng
	{ mixed; raw_epb | head -c 30; } >mixed-cut-block.pcapng
	{ mixed; epb '\x07' '\x2a' '\x4c'; } >mixed-undefined-interface.pcapng
	{ mixed; epb '\x00' '\x2a' '\x4d'; } >mixed-length-not-multiple-of-4.pcapng
	{ mixed; epb '\x00' '\x60' '\x4c'; } >mixed-caplen-over-block.pcapng
	{ mixed; printf '\x06\x00\x00\x00\xf0\xff\xff\x7f'; head -c 100 /dev/zero; } >mixed-huge-block.pcapng
	{ mixed; printf '\x06\x00\x00\x00\x08\x00\x00\x00'; } >mixed-block-too-short.pcapng
	{ mixed; epb '\x00' '\x2a' '\x4c' '\x50'; } >mixed-trailer-mismatch.pcapng
	cd - >/dev/null || exit 1
}

# slurp VAR FILE: the whole file into VAR, with builtins only (the test
# runs portlens 35 times; forking greps for every check cost more than
# the runs).
slurp() { IFS= read -r -d '' "$1" <"$2" || true; }
# field NAME: the first "NAME":<integer> of the report in $report.
field() { [[ $report =~ \"$1\":([0-9]+) ]] && echo "${BASH_REMATCH[1]}"; }
# num NAME: the same into $REPLY, without a subshell.
num() { REPLY=0; [[ $report =~ \"$1\":([0-9]+) ]] && REPLY=${BASH_REMATCH[1]}; }

# hostile FILE EXIT PACKETS STDERR_REGEX [REPORT_REGEX]
# FILE "stdin:NAME" feeds NAME on standard input ("-").
hostile() {
	files=$((files + 1))
	while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n; done
	verdict="$tmp/verdict.$files" check_case "$files" "$@" &
}

# check_case N FILE EXIT PACKETS STDERR_REGEX [REPORT_REGEX]
check_case() {
	local n=$1 name=$2 want=$3 packets=$4 msg=$5 extra=${6:-} report="" err=""
	local r="$tmp/r.$n.json"
	if [ "${name#stdin:}" != "$name" ]; then
		"${wrap[@]}" "$bin" read -o "$r" - <"$tmp/${name#stdin:}" >"$tmp/out.$n" 2>"$tmp/err.$n"
	else
		"${wrap[@]}" "$bin" read -o "$r" "$tmp/$name" >"$tmp/out.$n" 2>"$tmp/err.$n"
	fi
	local rc=$?
	slurp err "$tmp/err.$n"
	if [ "$rc" -eq 99 ] && [ ${#wrap[@]} -gt 0 ]; then
		bad "$name: valgrind: ${err:0:2000}"; return; fi
	[ "$rc" -eq "$want" ] || { bad "$name: exit $rc, want $want (${err:0:300})"; return; }
	if [ -n "$msg" ]; then
		[[ $err =~ $msg ]] || { bad "$name: stderr lacks /$msg/: ${err:0:300}"; return; }
	elif [ -n "$err" ]; then
		bad "$name: unexpected stderr: ${err:0:300}"; return
	fi
	[ -s "$r" ] || { bad "$name: no report written"; return; }
	slurp report "$r"
	local got="" total="" l4 l3 nonip errs
	[[ $report =~ \"files\":\[\{\"path\":\"[^\"]*\",\"packets\":([0-9]+) ]] && got=${BASH_REMATCH[1]}
	[ "$got" = "$packets" ] || { bad "$name: report counts $got packets, want $packets"; return; }
	[[ $report =~ \],\"packets\":([0-9]+) ]] && total=${BASH_REMATCH[1]}
	num l4; l4=$REPLY; num l3_only; l3=$REPLY; num non_ip; nonip=$REPLY; num errors; errs=$REPLY
	[ "$total" = $((l4 + l3 + nonip + errs)) ] ||
		{ bad "$name: identity broken: $total != $l4 + $l3 + $nonip + $errs"; return; }
	if [ -n "$extra" ] && ! [[ $report =~ $extra ]]; then
		bad "$name: report lacks /$extra/"; return; fi
	echo ok >"$verdict"
}

make_files
after1='\(after 1 packets; those are counted in the report\)'
after2='\(after 2 packets; those are counted in the report\)'
# Classic pcap.
hostile cut-global-header.pcap 3 0 'cut-global-header.pcap: truncated dump file' '"status":"open_failed"'
hostile empty.pcap 3 0 'empty.pcap: truncated dump file'
hostile wrong-magic.pcap 3 0 'wrong-magic.pcap: unknown file format'
hostile text.pcap 3 0 'text.pcap: unknown file format'
hostile cut-record-header.pcap 3 1 "truncated dump file.*$after1" '"status":"read_failed"'
hostile cut-record-data.pcap 3 1 "truncated dump file; tried to read 42 captured bytes, only got 14 $after1"
hostile zero-length-record.pcap 0 3 '' '"ethernet.truncated_header":1,'
hostile record-over-256k.pcap 3 1 "invalid packet capture length 327680.*$after1"
hostile record-over-snaplen.pcap 0 3 '1 records longer than the file.s snap length' '"records_over_snaplen":1'
hostile record-over-snaplen-late.pcap 0 16385 '1 records longer than the file.s snap length' '"records_over_snaplen":1'
hostile record-over-snaplen-then-cut.pcap 3 3 "tried to read 16 header bytes, only got 10 \(after 3 packets" '"records_over_snaplen":1'
hostile record-over-small-snaplen.pcap 0 3 '1 records longer than the file.s snap length' '"captured_bytes":184,'
hostile caplen-over-wirelen.pcap 0 1 '' '"decode.caplen_exceeds_wirelen":1'
hostile unsupported-linktype.pcap 3 1 'unsupported link type 147' '"link.unsupported_linktype":1,'
# pcapng read by libpcap.
hostile ng-unknown-block.pcapng 0 1 '' '"udp":\{"packets":1,'
hostile ng-cut-section-header.pcapng 3 0 'truncated pcapng dump file'
hostile ng-bad-byte-order.pcapng 3 0 'unknown file format'
hostile ng-packet-before-interface.pcapng 3 0 'packet block before any Interface Description'
hostile ng-cut-block.pcapng 3 1 "truncated pcapng dump file.*$after1"
hostile ng-undefined-interface.pcapng 3 1 "interface 7.*$after1"
hostile ng-length-not-multiple-of-4.pcapng 3 1 "length of 77 that is not a multiple of 4 $after1"
hostile ng-caplen-over-block.pcapng 3 1 "too short $after1"
hostile ng-packet-over-snaplen.pcapng 3 0 'invalid packet capture length 200, bigger than snaplen of 100'
hostile ng-huge-block.pcapng 3 1 "block size 2147483632 > maximum.*$after1"
hostile ng-trailer-mismatch.pcapng 3 1 "header and trailer don.t match $after1"
# pcapng read by analyzer/capture/pcapng.c after libpcap refuses interface 1.
hostile mixed.pcapng 0 2 '' '"udp":\{"packets":2,'
hostile stdin:mixed.pcapng 3 0 'different from the type of the first interface; give the file by name, not on standard input'
hostile mixed-unknown-block.pcapng 0 3 '' '"udp":\{"packets":3,'
hostile mixed-cut-block.pcapng 3 2 "pcapng: truncated block $after2"
hostile mixed-undefined-interface.pcapng 3 2 "pcapng: packet on interface 7, which no interface block in this section describes $after2"
hostile mixed-length-not-multiple-of-4.pcapng 3 2 "pcapng: bad block length 77 .*$after2"
hostile mixed-caplen-over-block.pcapng 3 2 "pcapng: packet block lengths lie $after2"
hostile mixed-huge-block.pcapng 3 2 "pcapng: bad block length 2147483632 .*$after2"
hostile mixed-block-too-short.pcapng 3 2 "pcapng: bad block length 8 .*$after2"
hostile mixed-trailer-mismatch.pcapng 3 2 "pcapng: block length 76 in the header, 80 in the trailer $after2"

wait
for ((i = 1; i <= files; i++)); do
	if [ "$(cat "$tmp/verdict.$i" 2>/dev/null)" = ok ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		cat "$tmp/verdict.$i" 2>/dev/null || echo "hostile FAIL: case $i gave no verdict"
	fi
done
how=""; [ ${#wrap[@]} -gt 0 ] && how=" under valgrind"
echo "hostile: $files files$how; $pass passed, $fail failed"
[ "$fail" -eq 0 ]
