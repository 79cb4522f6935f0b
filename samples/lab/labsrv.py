#!/usr/bin/env python3
"""samples/lab/labsrv.py - listeners for the portlens samples lab.

Runs inside the target network namespace (never on the host).  Each TCP
port speaks a tiny fake protocol so captures carry real payload:
  ssh   banner line, then waits for the client line
  smtp  220 greeting, 250 to every line, 221 on QUIT
  http  one HTTP/1.0 request, one 200 response, close
  echo  echoes bytes until the client closes
Each UDP port answers DNS-shaped queries (A record 10.77.0.10) so tshark
dissects them and nmap -sU sees the port as open.

Why threads and not socat: one process is easy to kill by pid from the
lab's trap, and we need per-service behaviour.  Every connection has a
socket timeout (5 s), so no thread can hang forever.

Usage: labsrv.py --tcp 22:ssh,80:http --udp 53:dns [--ipv6]
"""
import argparse
import signal
import socket
import socketserver
import struct
import sys

CONN_TIMEOUT_S = 5.0
ANSWER_ADDR = bytes([10, 77, 0, 10])


def recv_line(sock, limit=1024):
    buf = b""
    while len(buf) < limit and not buf.endswith(b"\n"):
        chunk = sock.recv(1)
        if not chunk:
            break
        buf += chunk
    return buf


class TcpHandler(socketserver.BaseRequestHandler):
    def handle(self):
        s = self.request
        s.settimeout(CONN_TIMEOUT_S)
        svc = self.server.service
        try:
            if svc == "ssh":
                s.sendall(b"SSH-2.0-OpenSSH_9.2p1 portlens-lab\r\n")
                recv_line(s)
            elif svc == "smtp":
                s.sendall(b"220 lab.portlens.test ESMTP\r\n")
                for _ in range(16):  # bounded dialogue
                    line = recv_line(s)
                    if not line:
                        break
                    if line.upper().startswith(b"QUIT"):
                        s.sendall(b"221 bye\r\n")
                        break
                    s.sendall(b"250 ok\r\n")
            elif svc == "http":
                req = b""
                while b"\r\n\r\n" not in req and len(req) < 4096:
                    chunk = s.recv(1024)
                    if not chunk:
                        break
                    req += chunk
                body = b"<html><body>portlens lab</body></html>\n"
                s.sendall(b"HTTP/1.0 200 OK\r\nServer: labsrv\r\n"
                          b"Content-Type: text/html\r\nContent-Length: "
                          + str(len(body)).encode() + b"\r\n\r\n" + body)
            else:  # echo
                for _ in range(64):
                    chunk = s.recv(4096)
                    if not chunk:
                        break
                    s.sendall(chunk)
        except OSError:
            pass


def dns_answer(q):
    """Answer a DNS query: copy id and question, add one A record."""
    if len(q) < 12:
        return None
    qid, _flags, qd = struct.unpack("!HHH", q[:6])
    if qd != 1:  # e.g. nmap's status probe: header-only answer
        return struct.pack("!HHHHHH", qid, 0x8180, 0, 0, 0, 0)
    end = 12
    while end < len(q) and q[end] != 0:
        end += 1 + q[end]
    end += 5  # root label + qtype + qclass
    if end > len(q):
        return None
    question = q[12:end]
    hdr = struct.pack("!HHHHHH", qid, 0x8180, 1, 1, 0, 0)
    ans = struct.pack("!HHHIH", 0xC00C, 1, 1, 60, 4) + ANSWER_ADDR
    return hdr + question + ans


class UdpHandler(socketserver.BaseRequestHandler):
    def handle(self):
        data, sock = self.request
        reply = dns_answer(data)
        if reply:
            sock.sendto(reply, self.client_address)


class Tcp4(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True
    request_queue_size = 128


class Tcp6(Tcp4):
    address_family = socket.AF_INET6

    def server_bind(self):
        self.socket.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
        super().server_bind()


class Udp4(socketserver.UDPServer):
    allow_reuse_address = True


class Udp6(Udp4):
    address_family = socket.AF_INET6

    def server_bind(self):
        self.socket.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
        super().server_bind()


def parse(spec):
    out = []
    for item in filter(None, spec.split(",")):
        port, svc = item.split(":")
        out.append((int(port), svc))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tcp", default="")
    ap.add_argument("--udp", default="")
    ap.add_argument("--ipv6", action="store_true",
                    help="bind :: dual-stack instead of 0.0.0.0")
    a = ap.parse_args()
    import threading
    # Block the stop signals before threads start so sigwait() below
    # receives them instead of an arbitrary thread.
    signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGTERM, signal.SIGINT])
    servers = []
    for port, svc in parse(a.tcp):
        srv = (Tcp6(("::", port), TcpHandler) if a.ipv6
               else Tcp4(("0.0.0.0", port), TcpHandler))
        srv.service = svc
        servers.append(srv)
    for port, _svc in parse(a.udp):
        srv = (Udp6(("::", port), UdpHandler) if a.ipv6
               else Udp4(("0.0.0.0", port), UdpHandler))
        servers.append(srv)
    for srv in servers:
        threading.Thread(target=srv.serve_forever, daemon=True).start()
    print("labsrv: listening", a.tcp, a.udp, flush=True)
    signal.sigwait([signal.SIGTERM, signal.SIGINT])
    return 0


if __name__ == "__main__":
    sys.exit(main())
