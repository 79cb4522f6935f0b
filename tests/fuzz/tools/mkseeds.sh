#!/bin/sh
# tests/fuzz/tools/mkseeds.sh - regenerate tests/fuzz/seeds/ from our own
# samples (samples/pcap/*.pcap) with mkseeds.c, plus one pcapng seed made
# with editcap when Wireshark's tools are installed. Run from the top of
# the repository after `make` (it links build/libportlens.a). Only our own
# captures go in: third-party files (../shared/corpus) may feed local
# fuzzing runs (OUT=build/fuzz/shared-seeds tests/fuzz/tools/mkseeds.sh
# ../shared/corpus/*/*) but must not be committed.
# portdb/, knockconf/ and arp/ seeds are hand-written and left alone.
set -eu
OUT=${OUT:-tests/fuzz/seeds}
CC=${CC:-cc}
mkdir -p build/fuzz
$CC -std=c11 -D_DEFAULT_SOURCE -Wall -Wextra -Werror -O1 -g -I. \
  tests/fuzz/tools/mkseeds.c build/libportlens.a \
  $(pkg-config --libs libpcap jansson libcrypto) -lm -o build/fuzz/mkseeds
if [ $# -eq 0 ]; then set -- samples/pcap/*.pcap; fi
# Start clean, so that seeds of frames no longer in the samples go away.
for d in link ipv4 ipv6 tcp udp icmp pipeline pcap pcapng; do
  rm -rf "${OUT:?}/$d"
done
build/fuzz/mkseeds "$OUT" "$@"
# pcapng seeds: one plain file, and files whose interfaces differ in link
# type (the case libpcap refuses and analyzer/capture/pcapng.c reads), made by
# relabelling a copy of a sample as Linux SLL and raw IP and merging.
if [ "$OUT" = tests/fuzz/seeds ] && command -v editcap >/dev/null 2>&1 &&
   command -v mergecap >/dev/null 2>&1; then
  S=tests/fuzz/seeds
  mkdir -p $S/pcapng
  editcap -F pcapng $S/pcap/quickstart $S/pcap/quickstart-pcapng
  cp $S/pcap/quickstart-pcapng $S/pcapng/quickstart
  T=build/fuzz/mkseeds.tmp
  mkdir -p $T
  editcap -r $S/pcap/knock-udp $T/a.pcap 1-4
  editcap -r -T linux-sll $S/pcap/nmap-udp $T/b.pcap 1-4
  editcap -r -T rawip $S/pcap/nmap-ipv6-syn $T/c.pcap 1-4
  mergecap -F pcapng -w $S/pcapng/mixed-eth-sll $T/a.pcap $T/b.pcap
  mergecap -F pcapng -w $S/pcapng/mixed-eth-sll-raw $T/a.pcap $T/b.pcap $T/c.pcap
  editcap -F pcapng --set-snaplen 96 $T/a.pcap $T/d.pcap 2>/dev/null ||
    editcap -F pcapng -s 96 $T/a.pcap $T/d.pcap
  mergecap -F pcapng -w $S/pcapng/mixed-snaplen $T/a.pcap $T/d.pcap
  rm -rf $T
fi
