#!/usr/bin/env python3
"""tests/tools/mktunnels.py - a small synthetic capture of tunnelled traffic
for the shell tests of the outputs (schema_test.sh, metrics_test.sh,
ipfix_test.sh): pcap, Ethernet, microsecond timestamps from 1700000000,
documentation addresses only (RFC 5737, RFC 3849, ULA). Standard library
only; the same bytes every run.

    tests/tools/mktunnels.py OUT.pcap [--contexts N]

What it holds, in order (the tests compare portlens's outputs with each
other, so counts below are a guide, not a contract):
  - VXLAN VNI 4242 over IPv4 (UDP 4789): a whole TCP connection
    10.0.0.1:40000 -> 10.0.0.2:80 (handshake, data both ways, FINs)
  - VXLAN VNI 77 over IPv6: a DNS-shaped UDP exchange in IPv4
  - GRE with key 7 (RFC 2890): an ICMP echo and its reply
  - IPv6 in IPv4 (protocol 41): one UDP datagram
  - GRE in UDP (RFC 8086, UDP 4754): a TCP SYN
  - GRE in GRE (depth 2, inner key 9): a TCP SYN
  - UDP to 4789 whose VXLAN header is cut (vxlan.truncated_header)
  - UDP to 4789 without VXLAN's I flag (declined: not_tunnel)
  - a plain UDP datagram
With --contexts N (up to 60000), N more VXLAN SYNs of N distinct VNIs
and inner ports: N tunnelled flows, so N > 4096 makes the tunnel context
cap bite.
"""
import socket
import struct
import sys


def csum(b):
    if len(b) % 2:
        b += b'\0'
    s = sum(struct.unpack('!%dH' % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff


def eth(payload, etype=0x0800):
    return bytes.fromhex('020000000001020000000002') + struct.pack('!H', etype) + payload


def ipv4(src, dst, proto, payload):
    h = struct.pack('!BBHHHBBH4s4s', 0x45, 0, 20 + len(payload), 1, 0x4000, 64, proto, 0,
                    socket.inet_aton(src), socket.inet_aton(dst))
    return h[:10] + struct.pack('!H', csum(h)) + h[12:] + payload


def ipv6(src, dst, nh, payload):
    return (struct.pack('!IHBB', 6 << 28, len(payload), nh, 64) +
            socket.inet_pton(socket.AF_INET6, src) +
            socket.inet_pton(socket.AF_INET6, dst) + payload)


def tcp(sp, dp, flags, seq=1, ack=0, data=b''):
    return struct.pack('!HHIIBBHHH', sp, dp, seq, ack, 5 << 4, flags, 65535, 0, 0) + data


def udp(sp, dp, data):
    return struct.pack('!HHHH', sp, dp, 8 + len(data), 0) + data


def vxlan(vni, inner_frame, flags=0x08):
    return struct.pack('!B3xI', flags, vni << 8) + inner_frame


def gre(proto, payload, key=None):
    if key is None:
        return struct.pack('!HH', 0, proto) + payload
    return struct.pack('!HHI', 0x2000, proto, key) + payload


FIN, SYN, RST, PSH, ACK = 1, 2, 4, 8, 16
OUT_A, OUT_B = '192.0.2.1', '198.51.100.2'


def vxlan4(vni, inner, reply=False, sport=49152):
    a, b = (OUT_B, OUT_A) if reply else (OUT_A, OUT_B)
    return eth(ipv4(a, b, 17, udp(sport, 4789, vxlan(vni, eth(inner)))))


def mix():
    out = []
    c, s = '10.0.0.1', '10.0.0.2'
    conn = ((0, ipv4(c, s, 6, tcp(40000, 80, SYN, 100))),
            (1, ipv4(s, c, 6, tcp(80, 40000, SYN | ACK, 500, 101))),
            (0, ipv4(c, s, 6, tcp(40000, 80, ACK, 101, 501))),
            (0, ipv4(c, s, 6, tcp(40000, 80, PSH | ACK, 101, 501, b'GET / HTTP/1.0\r\n\r\n'))),
            (1, ipv4(s, c, 6, tcp(80, 40000, PSH | ACK, 501, 119, b'HTTP/1.0 200 OK\r\n\r\n'))),
            (0, ipv4(c, s, 6, tcp(40000, 80, FIN | ACK, 119, 520))),
            (1, ipv4(s, c, 6, tcp(80, 40000, FIN | ACK, 520, 120))),
            (0, ipv4(c, s, 6, tcp(40000, 80, ACK, 120, 521))))
    for reply, inner in conn:
        out.append(vxlan4(4242, inner, reply))
    a6, b6 = '2001:db8::1', '2001:db8::2'
    q = ipv4('10.0.1.1', '10.0.1.2', 17, udp(5353, 53, b'\x12\x34' + bytes(10)))
    r = ipv4('10.0.1.2', '10.0.1.1', 17, udp(53, 5353, b'\x12\x34\x81\x80' + bytes(8)))
    out.append(eth(ipv6(a6, b6, 17, udp(49160, 4789, vxlan(77, eth(q)))), 0x86dd))
    out.append(eth(ipv6(b6, a6, 17, udp(49161, 4789, vxlan(77, eth(r)))), 0x86dd))
    for typ, src, dst in ((8, '10.1.0.1', '10.1.0.2'), (0, '10.1.0.2', '10.1.0.1')):
        icmp = struct.pack('!BBHHH', typ, 0, 0, 7, 1) + b'ping'
        outer = (OUT_A, OUT_B) if typ == 8 else (OUT_B, OUT_A)
        out.append(eth(ipv4(outer[0], outer[1], 47, gre(0x0800, ipv4(src, dst, 1, icmp), 7))))
    six = ipv6('fd00:9::1', 'fd00:9::2', 17, udp(40002, 5000, b'six'))
    out.append(eth(ipv4('192.0.2.5', '192.0.2.6', 41, six)))
    syn = ipv4('10.2.0.1', '10.2.0.2', 6, tcp(40001, 443, SYN))
    out.append(eth(ipv4(OUT_A, OUT_B, 17, udp(50000, 4754, gre(0x0800, syn)))))
    deep = gre(0x0800, ipv4('192.0.2.20', '192.0.2.21', 47,
                            gre(0x0800, ipv4('10.3.0.1', '10.3.0.2', 6, tcp(40003, 22, SYN)), 9)))
    out.append(eth(ipv4(OUT_A, OUT_B, 47, deep)))
    out.append(eth(ipv4(OUT_A, OUT_B, 17, udp(49170, 4789, b'\x08\0\0\0'))))
    out.append(eth(ipv4(OUT_A, OUT_B, 17, udp(49171, 4789, bytes(8)))))
    out.append(eth(ipv4('192.0.2.9', '198.51.100.9', 17, udp(40004, 123, bytes(48)))))
    return out


def contexts(n):
    return [vxlan4(i + 1, ipv4('10.4.0.1', '10.4.0.2', 6, tcp(1024 + i % 60000, 80, SYN)))
            for i in range(n)]


def main(argv):
    if len(argv) not in (2, 4) or (len(argv) == 4 and argv[2] != '--contexts'):
        sys.exit('usage: mktunnels.py OUT.pcap [--contexts N]')
    frames = mix() + (contexts(int(argv[3])) if len(argv) == 4 else [])
    with open(argv[1], 'wb') as f:
        f.write(struct.pack('<IHHiIII', 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))
        for i, fr in enumerate(frames):
            us = 1700000000 * 10**6 + i * 1000
            f.write(struct.pack('<IIII', us // 10**6, us % 10**6, len(fr), len(fr)) + fr)


if __name__ == '__main__':
    main(sys.argv)
