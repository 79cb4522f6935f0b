#!/usr/bin/env python3
"""samples/lab/labcli.py - benign clients and knock senders for the lab.

Runs inside the client namespace.  Every subcommand is bounded: a fixed
number of tries, a socket timeout on each, and the caller wraps us in
timeout(1) as well.  Each subcommand prints one JSON line on stdout that
summarises what it actually did (the lab keeps it as the "intended" side
of the truth file; the capture is the "observed" side).

Subcommands
  tcp     --src A --targets H:P:svc[,H:P:svc...] --count N [--delay S]
          N connections, round-robin over targets, each with a short
          exchange for svc (http, ssh, smtp, echo).
  peers   --src A --hosts H1,H2,... --port P --svc smtp --delay-min S
          --delay-max S --seed N : one connection per host, random gaps.
  dns     --srcs A,B --server H --count N [--delay S]
          N DNS A queries, each from a fresh socket (new ephemeral port).
  retry   --src A --dst H --port P --tries N --delay S
          connect N times to a port with no listener (expects refusals).
  knock   --src A --dst H --seq 7000:tcp,8000:udp --gap S
          one packet per element: a TCP SYN (connect, closed at once) or a
          one-byte UDP datagram, S seconds apart.
  try     --src A --dst H --port P --svc ssh --timeout S
          one connection; reports connected/refused/timeout.
  health  --src A --hosts H1,H2,... --port P --interval S --rounds N
          a load balancer's TCP health check: every S seconds, connect to
          each host and close at once (no payload), N rounds.
"""
import argparse
import json
import random
import socket
import struct
import sys
import time


def family(host):
    return socket.AF_INET6 if ":" in host else socket.AF_INET


def exchange(s, svc):
    """Run a short, bounded dialogue; return bytes received."""
    got = b""
    if svc == "http":
        s.sendall(b"GET / HTTP/1.0\r\nHost: lab\r\nUser-Agent: labcli\r\n\r\n")
        for _ in range(8):
            c = s.recv(4096)
            if not c:
                break
            got += c
    elif svc == "ssh":
        got = s.recv(256)
        s.sendall(b"SSH-2.0-labcli_1.0\r\n")
    elif svc == "smtp":
        got = s.recv(256)
        for line in (b"EHLO relay.portlens.test\r\n", b"QUIT\r\n"):
            s.sendall(line)
            got += s.recv(256)
    else:  # echo
        s.sendall(b"hello portlens lab\n")
        got = s.recv(256)
    return got


def connect(src, host, port, timeout):
    s = socket.socket(family(host), socket.SOCK_STREAM)
    s.settimeout(timeout)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if src:
        s.bind((src, 0))
    s.connect((host, port))
    return s


def one(src, host, port, svc, timeout):
    try:
        s = connect(src, host, port, timeout)
    except ConnectionRefusedError:
        return "refused"
    except (socket.timeout, TimeoutError):
        return "timeout"
    except OSError as e:
        return "error:%s" % e.errno
    try:
        exchange(s, svc)
        return "ok"
    except OSError:
        return "exchange_error"
    finally:
        s.close()


def tally(results):
    out = {}
    for r in results:
        out[r] = out.get(r, 0) + 1
    return out


def cmd_tcp(a):
    targets = [t.rsplit(":", 2) for t in a.targets.split(",")]
    res = []
    for i in range(a.count):
        host, port, svc = targets[i % len(targets)]
        res.append(one(a.src, host, int(port), svc, a.timeout))
        time.sleep(a.delay)
    return {"connections": a.count, "results": tally(res)}


def cmd_peers(a):
    rnd = random.Random(a.seed)
    res = []
    for host in a.hosts.split(","):
        res.append(one(a.src, host, a.port, a.svc, a.timeout))
        time.sleep(rnd.uniform(a.delay_min, a.delay_max))
    return {"peers": len(res), "results": tally(res)}


def dns_query(qid, name):
    q = struct.pack("!HHHHHH", qid, 0x0100, 1, 0, 0, 0)
    for label in name.split("."):
        q += bytes([len(label)]) + label.encode()
    return q + b"\x00" + struct.pack("!HH", 1, 1)


def cmd_dns(a):
    srcs = a.srcs.split(",")
    rnd = random.Random(a.seed)
    answered, ports = 0, set()
    per = {s: {"queries": 0, "answered": 0} for s in srcs}
    for i in range(a.count):
        src = srcs[i % len(srcs)]
        per[src]["queries"] += 1
        s = socket.socket(family(a.server), socket.SOCK_DGRAM)
        s.settimeout(a.timeout)
        s.bind((src, 0))  # fresh ephemeral source port per query
        ports.add((src, s.getsockname()[1]))
        name = "host%d.portlens.test" % rnd.randrange(1000)
        s.sendto(dns_query(rnd.randrange(65536), name), (a.server, a.port))
        try:
            s.recvfrom(512)
            answered += 1
            per[src]["answered"] += 1
        except (socket.timeout, TimeoutError):
            pass
        s.close()
        time.sleep(a.delay)
    return {"queries": a.count, "answered": answered,
            "distinct_src_ports": len(ports), "per_source": per}


def cmd_retry(a):
    res = []
    for _ in range(a.tries):
        res.append(one(a.src, a.dst, a.port, "echo", a.timeout))
        time.sleep(a.delay)
    return {"tries": a.tries, "results": tally(res)}


def knock_one(src, dst, port, proto):
    if proto == "udp":
        s = socket.socket(family(dst), socket.SOCK_DGRAM)
        s.bind((src, 0))
        s.sendto(b"\x00", (dst, port))
        s.close()
        return
    s = socket.socket(family(dst), socket.SOCK_STREAM)
    s.bind((src, 0))
    s.setblocking(False)
    try:
        s.connect((dst, port))  # sends the SYN; we never wait
    except (BlockingIOError, OSError):
        pass
    time.sleep(0.05)  # let the SYN leave before close()
    s.close()


def cmd_health(a):
    hosts = a.hosts.split(",")
    res = []
    t0 = time.monotonic()
    for r in range(a.rounds):
        for host in hosts:
            try:
                connect(a.src, host, a.port, a.timeout).close()
                res.append("ok")
            except ConnectionRefusedError:
                res.append("refused")
            except (socket.timeout, TimeoutError):
                res.append("timeout")
            except OSError as e:
                res.append("error:%s" % e.errno)
        # rounds start on a fixed schedule, like a checker's timer
        time.sleep(max(0.0, t0 + (r + 1) * a.interval - time.monotonic()))
    return {"rounds": a.rounds, "hosts": len(hosts), "results": tally(res)}


def cmd_knock(a):
    seq = []
    t0 = time.monotonic()
    for i, item in enumerate(a.seq.split(",")):
        port, proto = (item.split(":") + ["tcp"])[:2]
        if i:
            time.sleep(a.gap)
        knock_one(a.src, a.dst, int(port), proto)
        seq.append({"port": int(port), "proto": proto})
    return {"sequence": seq, "gap_s": a.gap,
            "span_s": round(time.monotonic() - t0, 3)}


def cmd_try(a):
    return {"port": a.port, "result": one(a.src, a.dst, a.port, a.svc,
                                           a.timeout)}


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("tcp")
    p.add_argument("--src", default="")
    p.add_argument("--targets", required=True)
    p.add_argument("--count", type=int, required=True)
    p.add_argument("--delay", type=float, default=0.0)
    p.add_argument("--timeout", type=float, default=3.0)
    p = sub.add_parser("peers")
    p.add_argument("--src", default="")
    p.add_argument("--hosts", required=True)
    p.add_argument("--port", type=int, default=25)
    p.add_argument("--svc", default="smtp")
    p.add_argument("--delay-min", type=float, default=0.3)
    p.add_argument("--delay-max", type=float, default=1.0)
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--timeout", type=float, default=3.0)
    p = sub.add_parser("dns")
    p.add_argument("--srcs", required=True)
    p.add_argument("--server", required=True)
    p.add_argument("--port", type=int, default=53)
    p.add_argument("--count", type=int, required=True)
    p.add_argument("--delay", type=float, default=0.0)
    p.add_argument("--seed", type=int, default=53)
    p.add_argument("--timeout", type=float, default=1.0)
    p = sub.add_parser("retry")
    p.add_argument("--src", default="")
    p.add_argument("--dst", required=True)
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--tries", type=int, default=5)
    p.add_argument("--delay", type=float, default=1.0)
    p.add_argument("--timeout", type=float, default=3.0)
    p = sub.add_parser("knock")
    p.add_argument("--src", default="")
    p.add_argument("--dst", required=True)
    p.add_argument("--seq", required=True)
    p.add_argument("--gap", type=float, default=0.3)
    p = sub.add_parser("try")
    p.add_argument("--src", default="")
    p.add_argument("--dst", required=True)
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--svc", default="ssh")
    p.add_argument("--timeout", type=float, default=4.0)
    p = sub.add_parser("health")
    p.add_argument("--src", default="")
    p.add_argument("--hosts", required=True)
    p.add_argument("--port", type=int, default=80)
    p.add_argument("--interval", type=float, default=2.0)
    p.add_argument("--rounds", type=int, required=True)
    p.add_argument("--timeout", type=float, default=2.0)
    a = ap.parse_args()
    fn = {"health": cmd_health, "tcp": cmd_tcp, "peers": cmd_peers, "dns": cmd_dns,
          "retry": cmd_retry, "knock": cmd_knock, "try": cmd_try}[a.cmd]
    out = {"cmd": a.cmd}
    out.update(fn(a))
    print(json.dumps(out), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
