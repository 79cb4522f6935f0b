#!/usr/bin/env python3
"""samples/lab/gretun.py - one GRE tunnel endpoint in user space (RFC 2784
s2 with the key of RFC 2890 s2.1), for kernels built without GRE.

make-samples.sh makes its GRE overlay with `ip tunnel add gre1 mode gre
... key 7`.  A kernel without CONFIG_NET_IPGRE (and no modules to load)
refuses that ("No such device"); the lab then runs this instead, one per
namespace: a TUN device of the same name carries the overlay, and every
IPv4 packet the kernel routes into it leaves on the underlay as
  outer IPv4 (protocol 47, built by the kernel for our raw socket)
  GRE: flags 0x2000 (K), protocol type 0x0800, key (4 bytes)
  the inner IPv4 packet, unchanged
which is the header ip_gre writes for a keyed tunnel without checksum or
sequence numbers.  The reverse: a GRE packet from the remote underlay
address with exactly that header and key is stripped and written to the
TUN device.  Anything else (other keys, flags, protocol types, sources)
is dropped and counted.

The outer IPv4 header is the one the kernel builds for a raw socket
(TTL 64, DF from the path MTU default, its own IP ID), not ip_gre's; the
lab gives the kernel tunnel "ttl 64" too.  A dissector reading the GRE
header cannot tell the two apart.

Bounded: the caller runs us under timeout(1) and kills us by pid; the
TUN device disappears with our file descriptor.  We print "ready" once
the device exists, then, on exit, one JSON line of counters to stderr.
Needs root (TUN, raw socket), as the whole lab does.
"""
import argparse
import fcntl
import json
import os
import select
import signal
import socket
import struct
import sys

TUNSETIFF = 0x400454CA   # _IOW('T', 202, int), linux/if_tun.h
IFF_TUN = 0x0001
IFF_NO_PI = 0x1000
IPPROTO_GRE = 47
GRE_K = 0x2000
GRE_PT_IPV4 = 0x0800


def open_tun(name):
    fd = os.open("/dev/net/tun", os.O_RDWR)
    fcntl.ioctl(fd, TUNSETIFF, struct.pack("16sH", name.encode(), IFF_TUN | IFF_NO_PI))
    return fd


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dev", default="gre1")
    ap.add_argument("--local", required=True)
    ap.add_argument("--remote", required=True)
    ap.add_argument("--key", type=int, required=True)
    a = ap.parse_args()

    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(1))
    signal.signal(signal.SIGINT, lambda *_: stop.append(1))
    tun = open_tun(a.dev)
    raw = socket.socket(socket.AF_INET, socket.SOCK_RAW, IPPROTO_GRE)
    raw.bind((a.local, 0))
    hdr = struct.pack("!HHI", GRE_K, GRE_PT_IPV4, a.key)
    n = {"encapsulated": 0, "decapsulated": 0, "dropped": 0}
    print("ready", flush=True)
    while not stop:
        try:
            ready, _, _ = select.select([tun, raw], [], [], 0.5)
        except InterruptedError:
            continue
        if tun in ready:
            pkt = os.read(tun, 65535)
            if pkt and pkt[0] >> 4 == 4:
                raw.sendto(hdr + pkt, (a.remote, 0))
                n["encapsulated"] += 1
            else:
                n["dropped"] += 1      # IPv6 is off in the lab
        if raw in ready:
            data, (src, _) = raw.recvfrom(65535)   # IPv4 raw: outer header included
            ihl = (data[0] & 0x0F) * 4
            gre = data[ihl:]
            if src == a.remote and len(gre) > len(hdr) and gre[:len(hdr)] == hdr:
                os.write(tun, gre[len(hdr):])
                n["decapsulated"] += 1
            else:
                n["dropped"] += 1
    print(json.dumps(n), file=sys.stderr, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
