#!/usr/bin/env python3
"""samples/lab/truth.py - write samples/truth/<name>.json for one capture.

Inputs: the pcap, and the intent file make-samples.sh wrote while running
the scenario (one JSON object a line: what was run, with which ports and
which expected result; tool output files such as nmap -oX).  Output: the
truth file described in samples/README.md, where every number is computed
from the capture (via tshark) and set beside the intended one.  Any
disagreement is listed in verification.mismatches and makes us exit 1, so
the lab log shows it; the file is still written.

Each number also gets a "check": a tshark command line plus the output it
must print.  lab/verify-truth.sh re-runs them; that is an independent
second path (tshark display filters) to the same numbers.

Known traps:
 - ICMP errors quote the offending IP+L4 header, and tshark exposes the
   quoted fields under the same names (ip.src, udp.dstport, tcp.flags).
   We read every occurrence and split outer from inner; every check
   filter carries "!icmp && !icmpv6" unless it is about ICMP.
 - The scanner's own kernel answers ICMP port unreachable when a UDP reply
   reaches nmap's raw-socket source port, so an ICMP 3/3 quoting UDP goes
   both ways in nmap-udp.  Checks pick the outer header with the layer
   operator (ip.src#1, Wireshark >= 4.0).
 - Wireshark 4.0 set syntax needs commas: tcp.dstport in {7000,8000}.
 - nmap retransmits unanswered probes, so probe *packets* > ports.  Port
   counts are distinct destination ports.
 - "ip.src==X" also matches the header an ICMP error quotes.  For nmap -sO,
   where the target sends 250 of them, probe filters say ip.src#1 and print
   the first ip.proto (-E occurrence=f); answers print the last (the
   quoted protocol).
 - In IP discovery sweeps (--send-ip) the scanner's kernel ARPs for each
   live address; those requests are next-hop resolution, not probes.  Only
   in ARP sweeps (technique "arp") is a request from the sweeper a probe.
 - Tunnelled captures (tunnel-vxlan, tunnel-gre) hold each header twice or
   more: eth/ip/udp of the underlay, then the overlay's.  read_pcap keeps
   the innermost: it drops, per protocol, the occurrences that frame.protocols
   lists before the last tunnel header.  Their checks print the last
   occurrence (-E occurrence=l), and a TCP knock's check prints tcp.dstport
   only (udp.dstport would be VXLAN's 4789).
"""
import argparse
import hashlib
import ipaddress
import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET

FORMAT = "portlens-samples-truth/1"

FIELDS = ["frame.number", "frame.time_epoch", "frame.len", "eth.type",
          "ip.src", "ip.dst", "ipv6.src", "ipv6.dst",
          "tcp.srcport", "tcp.dstport", "tcp.flags", "tcp.window_size_value", "tcp.seq_raw", "tcp.ack_raw",
          "tcp.len", "udp.srcport", "udp.dstport",
          "icmp.type", "icmp.code", "icmpv6.type", "icmpv6.code", "arp.opcode",
          "arp.src.proto_ipv4", "arp.dst.proto_ipv4",
          "ip.proto", "ip.ttl", "ip.id", "eth.src",
          "frame.protocols", "vxlan.vni", "gre.key"]

# Tunnel headers as tshark names them in frame.protocols.  What follows
# the last one is the packet truth.py describes.
TUNNEL_PROTOS = ("vxlan", "gre")

# Probe flag values (tcp.flags, 12 bits) for each nmap-style technique.
PROBE_FLAGS = {
    "tcp_syn": 0x002, "tcp_connect": 0x002, "tcp_fin": 0x001,
    "tcp_null": 0x000, "tcp_xmas": 0x029, "tcp_ack": 0x010,
    "tcp_maimon": 0x011, "tcp_window": 0x010,
}


def ranges(ports):
    """[1,2,3,7] -> '1-3,7'"""
    out, ports = [], sorted(set(ports))
    i = 0
    while i < len(ports):
        j = i
        while j + 1 < len(ports) and ports[j + 1] == ports[j] + 1:
            j += 1
        out.append(str(ports[i]) if i == j else "%d-%d" % (ports[i], ports[j]))
        i = j + 1
    return ",".join(out)


def parse_ranges(spec):
    out = set()
    for part in filter(None, str(spec).split(",")):
        if "-" in part:
            a, b = part.split("-")
            out.update(range(int(a), int(b) + 1))
        else:
            out.add(int(part))
    return sorted(out)


def first(v):
    return v.split(",")[0] if v else ""


def second(v):
    """Second occurrence (the header an ICMP error quotes), or ""."""
    parts = v.split(",") if v else []
    return parts[1] if len(parts) > 1 else ""


def outer_layers(protos):
    """Occurrences of each protocol before the innermost tunnel header, and
    that tunnel's name: "eth:ethertype:ip:udp:vxlan:eth:ethertype:ip:tcp"
    -> ({"eth": 1, "ethertype": 1, "ip": 1, "udp": 1}, "vxlan");
    ({}, None) for a packet without a tunnel."""
    layers = protos.split(":")
    last = max((i for i, l in enumerate(layers) if l in TUNNEL_PROTOS), default=-1)
    if last < 0:
        return {}, None
    n = {}
    for l in layers[:last]:
        n[l] = n.get(l, 0) + 1
    return n, layers[last]


def strip_outer(v, skip):
    """Field values without the outer occurrences (skip: outer_layers)."""
    out = {}
    for f, val in v.items():
        k = skip.get(f.split(".")[0], 0)
        out[f] = ",".join(val.split(",")[k:]) if k and val else val
    return out


def read_pcap(path):
    cmd = ["tshark", "-r", path, "-n", "-T", "fields",
           "-E", "occurrence=a", "-E", "aggregator=,", "-E", "separator=\t"]
    for f in FIELDS:
        cmd += ["-e", f]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    pkts = []
    for line in out.splitlines():
        v = dict(zip(FIELDS, line.split("\t")))
        skip, tun = outer_layers(v["frame.protocols"])
        outer_src, outer_dst = first(v["ip.src"]), first(v["ip.dst"])
        v = strip_outer(v, skip)
        p = {"n": int(v["frame.number"]), "t": float(v["frame.time_epoch"]),
             "len": int(v["frame.len"]), "eth_src": first(v["eth.src"])}
        if tun:
            tid = v["vxlan.vni"] if tun == "vxlan" else v["gre.key"]
            p["tunnel"] = {"type": tun, "outer_src": outer_src, "outer_dst": outer_dst,
                           "id": int(first(tid), 0) if tid else None}
        icmp4, icmp6 = first(v["icmp.type"]), first(v["icmpv6.type"])
        if v["ip.src"]:
            p["src"], p["dst"] = first(v["ip.src"]), first(v["ip.dst"])
            p["af"] = 4
            p["proto"] = int(first(v["ip.proto"]))
            p["ttl"] = int(first(v["ip.ttl"]))
            p["ipid"] = int(first(v["ip.id"]), 16)
            if second(v["ip.proto"]):
                p["inner_proto"] = int(second(v["ip.proto"]))
        elif v["ipv6.src"]:
            p["src"], p["dst"] = first(v["ipv6.src"]), first(v["ipv6.dst"])
            p["af"] = 6
        elif v["arp.opcode"]:
            p["l4"] = "arp"
            p["arp_op"] = int(first(v["arp.opcode"]))
            p["arp_spa"] = first(v["arp.src.proto_ipv4"])
            p["arp_tpa"] = first(v["arp.dst.proto_ipv4"])
            pkts.append(p)
            continue
        else:
            p["l4"] = "other"
            pkts.append(p)
            continue
        if icmp4 or icmp6:
            p["l4"] = "icmp"
            p["itype"] = int(icmp4 or icmp6)
            p["icode"] = int(first(v["icmp.code"] or v["icmpv6.code"]) or 0)
            # quoted header, if any: inner l4 ports
            if v["udp.dstport"]:
                p["inner"] = ("udp", int(first(v["udp.dstport"])))
            elif v["tcp.dstport"]:
                p["inner"] = ("tcp", int(first(v["tcp.dstport"])))
        elif v["tcp.flags"]:
            p["l4"] = "tcp"
            p["sport"], p["dport"] = int(first(v["tcp.srcport"])), int(first(v["tcp.dstport"]))
            p["flags"] = int(first(v["tcp.flags"]), 16)
            p["win"] = int(first(v["tcp.window_size_value"]) or 0)
            p["plen"] = int(first(v["tcp.len"]) or 0)
            p["seq"] = int(first(v["tcp.seq_raw"]) or 0)
            p["ack"] = int(first(v["tcp.ack_raw"]) or 0)
        elif v["udp.srcport"]:
            p["l4"] = "udp"
            p["sport"], p["dport"] = int(first(v["udp.srcport"])), int(first(v["udp.dstport"]))
        else:
            p["l4"] = "other"
        pkts.append(p)
    return pkts


# ----------------------------------------------------------------- checks
class Ctx:
    def __init__(self, pcap_rel, tunnelled=False):
        self.pcap = pcap_rel
        self.checks = []
        self.mismatches = []
        # tunnelled capture: fields print the innermost header by default
        self.default_opts = "-E occurrence=l" if tunnelled else ""

    def tshark(self, dfilter, fields, opts=""):
        """tshark command line printing fields of the packets dfilter keeps."""
        opts = opts or self.default_opts
        return "tshark -r %s -n -Y '%s' -T fields %s%s" % (
            self.pcap, dfilter, opts + " " if opts else "",
            " ".join("-e " + f for f in fields))

    def check(self, what, dfilter, fields, post, expect, opts=""):
        """Record a tshark command whose output must equal expect.
        opts: extra tshark options, e.g. "-E occurrence=l" to print the
        header an ICMP error quotes rather than the outer one."""
        cmd = "%s | %s" % (self.tshark(dfilter, fields, opts), post)
        self.check_cmd(what, cmd, expect)

    def check_cmd(self, what, cmd, expect):
        """Record any shell command (run by bash) whose output must equal expect."""
        self.checks.append({"what": what, "cmd": cmd, "expect": str(expect)})

    def compare(self, what, intended, observed):
        if intended is None:
            return True
        if intended != observed:
            self.mismatches.append({"what": what, "intended": intended,
                                    "observed": observed})
            return False
        return True


def ipf(af):
    return "ip" if af == 4 else "ipv6"


NOT_ICMP = "!icmp && !icmpv6"


# ----------------------------------------------------------------- nmap etc.
def nmap_report(path):
    """Per target: {state: [ports]} plus extraports {state: count}."""
    if not path or not os.path.exists(path):
        return None
    root = ET.parse(path).getroot()
    out = {}
    for host in root.iter("host"):
        addr = None
        for a in host.findall("address"):
            if a.get("addrtype") in ("ipv4", "ipv6"):
                addr = a.get("addr")
        st = host.find("status")
        rep = {"host_state": st.get("state") if st is not None else None,
               "ports": {}, "extraports": {}}
        ports = host.find("ports")
        if ports is not None:
            for p in ports.findall("port"):
                s = p.find("state").get("state")
                rep["ports"].setdefault(s, []).append(int(p.get("portid")))
            for e in ports.findall("extraports"):
                rep["extraports"][e.get("state")] = int(e.get("count"))
        out[addr] = rep
    return out


def masscan_report(path):
    if not path or not os.path.exists(path):
        return None
    txt = open(path).read().strip().rstrip(",")
    if not txt:
        return {}
    if not txt.startswith("["):
        txt = "[" + txt + "]"
    txt = txt.replace(",\n]", "\n]")
    out = {}
    for rec in json.loads(txt):
        for p in rec.get("ports", []):
            if p.get("status") == "open":
                out.setdefault(rec["ip"], {"ports": {}, "extraports": {}})
                out[rec["ip"]]["ports"].setdefault("open", []).append(p["port"])
    return out


def hping_report(path, target):
    if not path or not os.path.exists(path):
        return None
    opened = []
    for line in open(path):
        if "flags=SA" in line and "sport=" in line:
            opened.append(int(line.split("sport=")[1].split()[0]))
    return {target: {"ports": {"open": sorted(set(opened))}, "extraports": {}}}


# ----------------------------------------------------------------- scans
def classify(tech, resp):
    """nmap's state for one port from the target's answers (RFC 9293 s3.10.7)."""
    kinds = {r[0] for r in resp}
    if tech == "udp":
        if "udp" in kinds:
            return "open"
        if ("icmp", 3, 3) in resp or ("icmp", 1, 4) in resp:
            return "closed"
        if any(r[0] == "icmp" for r in resp):
            return "filtered"
        return "open|filtered"
    if tech in ("tcp_syn", "tcp_connect"):
        if "synack" in kinds:
            return "open"
        if "rst" in kinds:
            return "closed"
        return "filtered"
    if tech in ("tcp_fin", "tcp_null", "tcp_xmas", "tcp_maimon"):
        if "rst" in kinds:
            return "closed"
        if any(r[0] == "icmp" for r in resp):
            return "filtered"
        return "open|filtered"
    if tech == "tcp_ack":
        return "unfiltered" if "rst" in kinds else "filtered"
    if tech == "tcp_window":
        wins = [r[1] for r in resp if r[0] == "rst"]
        if wins:
            return "open" if max(wins) > 0 else "closed"
        return "filtered"
    raise ValueError(tech)


def merged_nmap_report(paths):
    """Several nmap -oX files (one per slice of a distributed scan) as one
    report: port lists joined, extraports counts added."""
    out = {}
    for path in paths:
        rep = nmap_report(path)
        if rep is None:
            return None
        for addr, r in rep.items():
            m = out.setdefault(addr, {"host_state": r["host_state"],
                                      "ports": {}, "extraports": {}})
            if r["host_state"] == "up":
                m["host_state"] = "up"
            for st, plist in r["ports"].items():
                m["ports"].setdefault(st, []).extend(plist)
            for st, n in r["extraports"].items():
                m["extraports"][st] = m["extraports"].get(st, 0) + n
    return out


def addr_filter(field, addrs):
    """Display filter matching field against one address or a set."""
    addrs = sorted(addrs, key=addr_key)
    if len(addrs) == 1:
        return "%s==%s" % (field, addrs[0])
    return "%s in {%s}" % (field, ",".join(addrs))


def span(pl):
    if not pl:
        return {"first_ts": None, "last_ts": None}
    return {"first_ts": pl[0]["t"], "last_ts": pl[-1]["t"],
            "duration_s": round(pl[-1]["t"] - pl[0]["t"], 3)}


def scan_entry(ctx, it, pkts):
    tech, src = it["technique"], it["source"]
    targets = it["targets"]
    tset = set(targets)
    # A distributed scan has several sources; "source" stays the first so
    # readers that know only one keep working.
    srcs = set(it.get("sources") or [src])
    af = 6 if ":" in src else 4
    proto = "udp" if tech == "udp" else "tcp"
    want = PROBE_FLAGS.get(tech)

    def is_probe(p):
        if p.get("l4") != proto or p["src"] not in srcs or p["dst"] not in tset:
            return False
        return proto == "udp" or p["flags"] == want

    probes = [p for p in pkts if is_probe(p)]
    # For connect scans, the scanner's own SYN is a probe; the rest of the
    # handshake is not.  Response: anything the target sends back.
    probed = {}
    for p in probes:
        probed.setdefault((p["dst"], p["dport"]), []).append(p)
    resp = {k: [] for k in probed}
    for p in pkts:
        if p.get("src") not in tset or p.get("dst") not in srcs:
            continue
        if p["l4"] == proto == "tcp":
            k = (p["src"], p["sport"])
            if k in resp:
                if p["flags"] & 0x004:
                    resp[k].append(("rst", p["win"]))
                elif p["flags"] & 0x012 == 0x012:
                    resp[k].append(("synack", p["win"]))
        elif p["l4"] == proto == "udp":
            k = (p["src"], p["sport"])
            if k in resp:
                resp[k].append(("udp",))
        elif p["l4"] == "icmp" and p.get("inner", (None,))[0] == proto:
            k = (p["src"], p["inner"][1])
            if k in resp:
                t = p["itype"] if af == 4 else {1: 3}.get(p["itype"], p["itype"])
                c = p["icode"]
                if af == 6 and p["itype"] == 1 and c == 4:
                    c = 3   # ICMPv6 port unreachable == ICMPv4 3/3
                resp[k].append(("icmp", t, c))
    states = {}
    for (addr, port), r in resp.items():
        states.setdefault(addr, {}).setdefault(classify(tech, r), []).append(port)

    obs_ports = sorted({p for (_, p) in probed})
    obs_targets = sorted({a for (a, _) in probed}, key=addr_key)
    ent = {
        "id": it.get("id", tech),
        "tool": it["tool"], "technique": tech, "kind": it["kind"],
        "source": src,
        "command": it.get("command"),
        "targets": {"intended": targets, "observed": obs_targets,
                    "count": len(obs_targets)},
        "ports": {"intended": {"spec": it["ports"],
                               "count": len(parse_ranges(it["ports"]))},
                  "observed": {"ranges": ranges(obs_ports),
                               "count": len(obs_ports)}},
        "probe_packets": len(probes),
        "first_ts": probes[0]["t"] if probes else None,
        "last_ts": probes[-1]["t"] if probes else None,
    }
    if probes:
        ent["duration_s"] = round(probes[-1]["t"] - probes[0]["t"], 3)
        ent["probes_per_s"] = round(len(probes) / max(ent["duration_s"], 1e-3), 1)
    per_target = {}
    open_pairs = []
    for addr in obs_targets:
        st = states.get(addr, {})
        per_target[addr] = {
            "states": {k: ranges(v) for k, v in sorted(st.items())},
            "state_counts": {k: len(v) for k, v in sorted(st.items())},
            "open_ports": sorted(st.get("open", [])),
        }
        open_pairs += [(addr, p) for p in st.get("open", [])]
    ent["results"] = per_target
    ent["open_found"] = [{"address": a, "port": p} for a, p in
                         sorted(open_pairs, key=lambda x: (addr_key(x[0]), x[1]))]

    # intended vs observed
    ok = True
    ok &= ctx.compare("%s: probed port count" % ent["id"],
                      ent["ports"]["intended"]["count"], len(obs_ports))
    ok &= ctx.compare("%s: probed ports" % ent["id"],
                      ranges(parse_ranges(it["ports"])), ranges(obs_ports))
    ok &= ctx.compare("%s: targets probed" % ent["id"],
                      sorted(targets, key=addr_key), obs_targets)
    if it.get("open_expected") is not None and tech in (
            "tcp_syn", "tcp_connect", "udp"):
        exp = it["open_expected"]
        if isinstance(exp, str):
            exp = {a: parse_ranges(exp) for a in targets}
        for a in targets:
            ok &= ctx.compare("%s: open ports on %s (listeners)" % (ent["id"], a),
                              sorted(exp.get(a, [])),
                              per_target.get(a, {}).get("open_ports", []))
        ent["open_expected"] = exp if len(exp) > 1 else next(iter(exp.values()))
    # tool's own report
    rep = None
    if it["tool"] == "nmap" and isinstance(it.get("tool_output"), list):
        rep = merged_nmap_report(it["tool_output"])
    elif it["tool"] == "nmap":
        rep = nmap_report(it.get("tool_output"))
    elif it["tool"] == "masscan":
        rep = masscan_report(it.get("tool_output"))
    elif it["tool"] == "hping3":
        rep = hping_report(it.get("tool_output"), targets[0])
    if rep is not None:
        ent["tool_report"] = {}
        for a in targets:
            r = rep.get(a)
            if r is None:
                ent["tool_report"][a] = {"host_state": "down/not reported"}
                continue
            ent["tool_report"][a] = {
                "host_state": r.get("host_state"),
                "listed": {k: ranges(v) for k, v in sorted(r["ports"].items())},
                "extraports": r["extraports"]}
            # Compare every state the tool listed by port ...
            obs = {k: parse_ranges(v) for k, v in
                   per_target.get(a, {}).get("states", {}).items()}
            for s, plist in r["ports"].items():
                ok &= ctx.compare("%s: %s reports %s on %s" % (
                    ent["id"], it["tool"], s, a),
                    ranges(plist),
                    ranges(set(plist) & set(obs.get(s, []))))
            # ... and every collapsed state by count.
            for s, n in r["extraports"].items():
                listed = len(r["ports"].get(s, []))
                ok &= ctx.compare("%s: %s count of %s on %s" % (
                    ent["id"], it["tool"], s, a),
                    n + listed, len(obs.get(s, [])))
    ent["agree"] = bool(ok)

    # tshark checks
    fam = ipf(af)
    sf = addr_filter(fam + ".src", srcs)
    if proto == "tcp":
        pf = "%s && tcp.flags==0x%03x && %s" % (sf, want, NOT_ICMP)
        pfield = "tcp.dstport"
    else:
        pf = "%s && udp && %s" % (sf, NOT_ICMP)
        pfield = "udp.dstport"
    ctx.check("%s: distinct ports probed" % ent["id"], pf, [pfield],
              "sort -u | wc -l", len(obs_ports))
    ctx.check("%s: distinct targets probed" % ent["id"], pf, [fam + ".dst"],
              "sort -u | wc -l", len(obs_targets))
    ctx.check("%s: probe packets" % ent["id"], pf, [pfield], "wc -l",
              len(probes))
    if proto == "tcp" and tech in ("tcp_syn", "tcp_connect"):
        # SYN-ACKs from targets to the scanner, as address:port pairs
        rf = "%s && tcp.flags==0x012 && %s" % (
            addr_filter(fam + ".dst", srcs), NOT_ICMP)
        ctx.check("%s: open (address,port) pairs (SYN-ACK seen)" % ent["id"],
                  rf, [fam + ".src", "tcp.srcport"], "sort -u | wc -l",
                  len(open_pairs))
    if proto == "udp":
        rf = "%s.dst==%s && udp && %s" % (fam, src, NOT_ICMP)
        ctx.check("%s: open UDP ports (answered)" % ent["id"], rf,
                  ["udp.srcport"], "sort -un | paste -sd, -",
                  ",".join(str(p) for (_, p) in sorted(open_pairs)))
        closed = sum(len(v.get("closed", [])) for v in states.values())
        ctx.check("%s: closed UDP ports (ICMP port unreachable)" % ent["id"],
                  "icmp.type==3 && icmp.code==3 && ip.src#1==%s && ip.dst#1==%s"
                  % (targets[0], src),
                  ["udp.dstport"], "sort -u | wc -l", closed)
    if it.get("sources"):
        ent["agree"] &= distributed_part(ctx, it, ent, probes, resp)
    if it.get("decoys"):
        ent["agree"] &= decoy_part(ctx, it, ent, pkts, probes)
    return ent


def distributed_part(ctx, it, ent, probes, resp):
    """Per-source slices of a distributed scan: intended vs observed."""
    ent["distributed"] = True
    ent["sources"] = it["sources"]
    ent["slices"] = it["slices"]
    per, ok = {}, True
    for s in it["sources"]:
        mine = [p for p in probes if p["src"] == s]
        ports = sorted({p["dport"] for p in mine})
        opened = sorted(port for (a, port), r in resp.items()
                        if port in ports and any(x[0] == "synack" for x in r))
        per[s] = dict({"ports": ranges(ports), "port_count": len(ports),
                       "probe_packets": len(mine), "open_ports": opened},
                      **span(mine))
        ok &= ctx.compare("%s: slice of %s" % (ent["id"], s),
                          ranges(parse_ranges(it["slices"][s])), ranges(ports))
        ctx.check("%s: ports probed by %s" % (ent["id"], s),
                  "ip.src==%s && tcp.flags==0x002 && %s" % (s, NOT_ICMP),
                  ["tcp.dstport"], "sort -un | paste -sd, -",
                  ",".join(str(x) for x in ports))
    ent["per_source"] = per
    # Do the slices overlap in time (really run at once)?  Latest start
    # before earliest end means all six were active together.
    firsts = [v["first_ts"] for v in per.values() if v["first_ts"]]
    lasts = [v["last_ts"] for v in per.values() if v["last_ts"]]
    if firsts and lasts:
        ent["all_sources_active_s"] = round(max(0.0, min(lasts) - max(firsts)), 3)
    order = [p["src"] for p in probes]
    ent["source_switches"] = sum(1 for a, b in zip(order, order[1:]) if a != b)
    ctx.check("%s: distinct sources of the SYN probes" % ent["id"],
              "%s && tcp.flags==0x002 && %s" % (addr_filter("ip.dst", it["targets"]), NOT_ICMP),
              ["ip.src"], "sort -u | wc -l", len(it["sources"]))
    return ok


def decoy_part(ctx, it, ent, pkts, probes):
    """nmap -D: the decoys' copies of every probe, what became of the
    target's answers to them, and what tells the real source apart."""
    real, tgt = it["real_source"], it["targets"]
    tset = set(tgt)
    want = PROBE_FLAGS[it["technique"]]
    ent["real_source"] = real
    ent["decoys"] = it["decoys"]
    real_ids = {(p["dport"], p["ipid"]) for p in probes}
    obs, ok = {}, True
    for d in it["decoys"] + [real]:
        mine = [p for p in pkts if p.get("src") == d and p.get("dst") in tset
                and p["l4"] == "tcp" and p["flags"] == want]
        ports = sorted({p["dport"] for p in mine})
        to_d = [p for p in pkts if p.get("dst") == d and p.get("src") in tset]
        mine_n = {p["n"] for p in mine}
        from_d_other = [p for p in pkts if p.get("src") == d and p["n"] not in mine_n]
        arp_q = [p for p in pkts if p["l4"] == "arp" and p["arp_op"] == 1
                 and p["arp_tpa"] == d and p["arp_spa"] in tset]
        arp_r = [p for p in pkts if p["l4"] == "arp" and p["arp_op"] == 2
                 and p["arp_spa"] == d]
        ttls = sorted({p["ttl"] for p in mine})
        obs[d] = {
            "probe_packets": len(mine),
            "ports": {"ranges": ranges(ports), "count": len(ports)},
            "probe_eth_src": sorted({p["eth_src"] for p in mine}),
            "probe_ttl": {"min": ttls[0], "max": ttls[-1], "distinct": len(ttls)} if ttls else None,
            "answers_on_wire": len(to_d),
            "answers_on_wire_by_flags": count_by(
                "0x%03x" % p["flags"] for p in to_d if p["l4"] == "tcp"),
            "other_packets_sent": len(from_d_other),
            "other_packets_sent_by_flags": count_by(
                "0x%03x" % p["flags"] for p in from_d_other if p.get("l4") == "tcp"),
            "target_arp_requests_for_it": len(arp_q),
            "arp_replies_from_it": len(arp_r),
        }
        if d != real:
            # nmap sends the decoys' copies of a probe with the real one's IP ID
            obs[d]["probe_ip_id_same_as_real_probe"] = sum(
                1 for p in mine if (p["dport"], p["ipid"]) in real_ids)
            ok &= ctx.compare("%s: decoy %s probed the same ports" % (ent["id"], d),
                              ent["ports"]["observed"]["ranges"], ranges(ports))
            ctx.check("%s: ports probed from decoy %s" % (ent["id"], d),
                      "ip.src==%s && tcp.flags==0x%03x && %s" % (d, want, NOT_ICMP),
                      ["tcp.dstport"], "sort -u | wc -l", len(ports))
            ctx.check("%s: packets to decoy %s on the wire" % (ent["id"], d),
                      "ip.dst==%s" % d, ["frame.number"], "wc -l", len(to_d))
            ctx.check("%s: target's ARP requests for decoy %s" % (ent["id"], d),
                      "arp.opcode==1 && arp.dst.proto_ipv4==%s" % d,
                      ["frame.number"], "wc -l", len(arp_q))
    ent["per_source"] = obs
    ctx.check("%s: RSTs sent by the real source %s" % (ent["id"], real),
              "ip.src==%s && tcp.flags==0x004 && %s" % (real, NOT_ICMP),
              ["frame.number"], "wc -l", obs[real]["other_packets_sent_by_flags"].get("0x004", 0))
    ctx.check("%s: Ethernet sources of all probes (decoys and real)" % ent["id"],
              "%s && tcp.flags==0x%03x && %s" % (addr_filter("ip.dst", tgt), want, NOT_ICMP),
              ["eth.src"], "sort -u | paste -sd, -",
              ",".join(sorted({p["eth_src"] for p in pkts if p.get("dst") in tset
                               and p["l4"] == "tcp" and p["flags"] == want})))
    return ok


def count_by(keys):
    out = {}
    for k in keys:
        out[k] = out.get(k, 0) + 1
    return dict(sorted(out.items()))


# ----------------------------------------------------------------- discovery
# Probe and answer kinds of host discovery.  IP sweeps (nmap -sn --send-ip)
# send ICMP echo / timestamp / address mask requests and TCP SYN or ACK to
# one port; any answer from the address itself means "up" (RST, SYN-ACK,
# ICMP reply or ICMP unreachable).  ARP sweeps send requests (opcode 1;
# the target is the target protocol address) and take replies (opcode 2).
ICMP_PROBES = {8: "icmp_echo", 13: "icmp_timestamp", 17: "icmp_address_mask"}
ICMP_ANSWERS = {0: "icmp_echo_reply", 14: "icmp_timestamp_reply",
                18: "icmp_address_mask_reply", 3: "icmp_unreachable"}
PROBE_FILTER = {"icmp_echo": "icmp.type==8", "icmp_timestamp": "icmp.type==13",
                "icmp_address_mask": "icmp.type==17",
                "tcp_syn": "tcp.flags==0x002", "tcp_ack": "tcp.flags==0x010"}


def discovery_probe(p, src, tset):
    """Kind of discovery probe p is ("icmp_echo", "tcp_syn:443",
    "arp_request"), or None."""
    if p["l4"] == "arp":
        if (p["arp_op"] == 1 and p["arp_spa"] == src and p["arp_tpa"] in tset):
            return "arp_request"
        return None
    if p.get("src") != src or p.get("dst") not in tset:
        return None
    if p["l4"] == "icmp":
        return ICMP_PROBES.get(p["itype"])
    if p["l4"] == "tcp" and p["flags"] == 0x002:
        return "tcp_syn:%d" % p["dport"]
    if p["l4"] == "tcp" and p["flags"] == 0x010:
        return "tcp_ack:%d" % p["dport"]
    return None


def discovery_answer(p, src, tset):
    """(address, kind) if p is an answer from a swept address, else None."""
    if p["l4"] == "arp":
        if p["arp_op"] == 2 and p["arp_tpa"] == src and p["arp_spa"] in tset:
            return p["arp_spa"], "arp_reply"
        return None
    if p.get("dst") != src or p.get("src") not in tset:
        return None
    if p["l4"] == "icmp" and p["itype"] in ICMP_ANSWERS:
        return p["src"], ICMP_ANSWERS[p["itype"]]
    if p["l4"] == "tcp" and p["flags"] & 0x004:
        return p["src"], "tcp_rst:%d" % p["sport"]
    if p["l4"] == "tcp" and p["flags"] & 0x012 == 0x012:
        return p["src"], "tcp_syn_ack:%d" % p["sport"]
    return None


def arp_scan_report(path):
    """arp-scan's answer lines: address TAB MAC TAB vendor."""
    if not path or not os.path.exists(path):
        return None
    up = set()
    for line in open(path):
        f = line.split("\t")
        if len(f) >= 2 and f[0].count(".") == 3 and ":" in f[1]:
            up.add(f[0])
    return sorted(up, key=addr_key)


def discovery_entry(ctx, it, pkts):
    src, targets = it["source"], it["targets"]
    tset = set(targets)
    is_arp = it["technique"] == "arp"
    probes, answers, resolv = [], [], []
    for p in pkts:
        k = discovery_probe(p, src, tset)
        if k is None:
            a = discovery_answer(p, src, tset)
            if a and (a[1] == "arp_reply") == is_arp:
                answers.append((p, a[0], a[1]))
            continue
        if (k == "arp_request") == is_arp:
            probes.append((p, k))
        else:
            resolv.append(p)   # the kernel's ARP for a next hop, not a probe
    probed = sorted({(p["arp_tpa"] if k == "arp_request" else p["dst"])
                     for p, k in probes}, key=addr_key)
    up = sorted({a for _, a, _ in answers}, key=addr_key)
    down = [a for a in probed if a not in set(up)]
    kinds = sorted({k for _, k in probes})
    ent = {
        "id": it.get("id"), "tool": it["tool"], "technique": it["technique"],
        "kind": it["kind"], "source": src, "command": it.get("command"),
        "targets": {"intended": targets, "observed": probed, "count": len(probed)},
        "probes": {"intended": it["probes"], "observed": kinds},
        "probe_packets": len(probes),
        "probe_packets_by_kind": count_by(k for _, k in probes),
        "answer_packets_by_kind": count_by(k for _, _, k in answers),
    }
    ent.update(span([p for p, _ in probes]))
    if probes:
        ent["probes_per_s"] = round(len(probes) / max(ent["duration_s"], 1e-3), 1)
    ent["hosts_up"] = up
    ent["hosts_down"] = down
    ent["up_count"], ent["down_count"] = len(up), len(down)
    # probes sent to each down host: retransmits show how hard the tool tried
    per_down = count_by((p["arp_tpa"] if k == "arp_request" else p["dst"])
                        for p, k in probes)
    ent["probes_per_down_host"] = sorted({per_down[a] for a in down})
    if not is_arp:
        ent["arp_resolution"] = {
            "note": "the scanner kernel's ARP requests for the live next hops "
                    "(--send-ip): not probes, listed for completeness",
            "requests": len(resolv),
            "addresses": len({p["arp_tpa"] for p in resolv})}
    ok = ctx.compare("%s: targets probed" % ent["id"],
                     sorted(targets, key=addr_key), probed)
    ok &= ctx.compare("%s: probe kinds" % ent["id"], sorted(it["probes"]), kinds)
    ok &= ctx.compare("%s: hosts up (expected live addresses)" % ent["id"],
                      it.get("up_expected"), up)
    tool_up = None
    if it["tool"] == "nmap":
        rep = nmap_report(it.get("tool_output"))
        if rep is not None:
            tool_up = sorted((a for a, r in rep.items() if r["host_state"] == "up"),
                             key=addr_key)
    elif it["tool"] == "arp-scan":
        tool_up = arp_scan_report(it.get("tool_output"))
    if tool_up is not None:
        ent["tool_report"] = {"hosts_up": tool_up, "up_count": len(tool_up)}
        ok &= ctx.compare("%s: %s reports up" % (ent["id"], it["tool"]), tool_up, up)
    ent["agree"] = bool(ok)

    # tshark checks
    as_list = "sort -u | sort -t. -k4,4n | paste -sd, -"
    if is_arp:
        pf = "arp.opcode==1 && arp.src.proto_ipv4==%s" % src
        af_ = "arp.opcode==2 && arp.dst.proto_ipv4==%s" % src
        pt, at = "arp.dst.proto_ipv4", "arp.src.proto_ipv4"
        opts = ""
    else:
        ors = []
        for k in it["probes"]:
            base, _, port = k.partition(":")
            f = PROBE_FILTER[base]
            ors.append("(%s && tcp.dstport==%s)" % (f, port) if port else f)
        pf = "ip.src#1==%s && (%s)" % (src, " || ".join(ors))
        af_ = ("ip.dst#1==%s && (icmp.type in {0,3,14,18} || tcp.flags.reset==1 "
               "|| tcp.flags==0x012)" % src)
        pt, at = "ip.dst", "ip.src"
        opts = "-E occurrence=f"
    ctx.check("%s: probe packets" % ent["id"], pf, ["frame.number"], "wc -l",
              len(probes))
    ctx.check("%s: distinct addresses probed" % ent["id"], pf, [pt],
              "sort -u | wc -l", len(probed), opts)
    ctx.check("%s: hosts up (answered)" % ent["id"], af_, [at], as_list,
              ",".join(up), opts)
    ctx.check_cmd("%s: hosts down (probed, never answered)" % ent["id"],
                  "comm -23 <(%s | sort -u) <(%s | sort -u) | sort -t. -k4,4n | paste -sd, -"
                  % (ctx.tshark(pf, [pt], opts), ctx.tshark(af_, [at], opts)),
                  ",".join(down))
    if not is_arp:
        for k in it["probes"]:
            base, _, port = k.partition(":")
            f = PROBE_FILTER[base] + (" && tcp.dstport==%s" % port if port else "")
            ctx.check("%s: %s probes" % (ent["id"], k),
                      "ip.src#1==%s && %s" % (src, f), ["frame.number"], "wc -l",
                      ent["probe_packets_by_kind"].get(k, 0))
    return ent


# ----------------------------------------------------------------- IP protocol scan
def ipproto_classify(resp):
    """nmap -sO's state for one protocol number from the target's answers:
    a reply in that protocol (ICMP port unreachable for UDP counts) is
    open, ICMP protocol unreachable (3/2) closed, other ICMP unreachables
    filtered, silence open|filtered."""
    if "resp" in resp or ("icmp", 3, 3) in resp:
        return "open"
    if ("icmp", 3, 2) in resp:
        return "closed"
    if any(r[0] == "icmp" for r in resp):
        return "filtered"
    return "open|filtered"


def ipproto_names(path):
    """{protocol number: nmap's name} from an -sO XML report."""
    if not path or not os.path.exists(path):
        return {}
    out = {}
    for port in ET.parse(path).getroot().iter("port"):
        svc = port.find("service")
        if svc is not None and port.get("protocol") == "ip":
            out[int(port.get("portid"))] = svc.get("name")
    return out


def ipproto_entry(ctx, it, pkts):
    src, targets = it["source"], it["targets"]
    tset = set(targets)
    # Probes: everything the scanner sends the target except ICMP errors
    # (none expected: nothing the target sends draws one).
    probes = [p for p in pkts if p.get("af") == 4 and p["src"] == src
              and p["dst"] in tset
              and not (p["l4"] == "icmp" and p["itype"] == 3)]
    resp = {}
    for p in probes:
        resp.setdefault((p["dst"], p["proto"]), [])
    for p in pkts:
        if p.get("af") != 4 or p["src"] not in tset or p["dst"] != src:
            continue
        if p["l4"] == "icmp" and p["itype"] == 3 and "inner_proto" in p:
            k, r = (p["src"], p["inner_proto"]), ("icmp", 3, p["icode"])
        else:
            k, r = (p["src"], p["proto"]), "resp"
        if k in resp:
            resp[k].append(r)
    states = {}
    for (addr, proto), r in resp.items():
        states.setdefault(addr, {}).setdefault(ipproto_classify(r), []).append(proto)
    obs = sorted({p["proto"] for p in probes})
    names = ipproto_names(it.get("tool_output"))
    ent = {
        "id": it.get("id"), "tool": it["tool"], "technique": it["technique"],
        "kind": it["kind"], "source": src, "command": it.get("command"),
        "targets": {"intended": targets,
                    "observed": sorted({p["dst"] for p in probes}, key=addr_key),
                    "count": len({p["dst"] for p in probes})},
        "protocols": {"intended": {"spec": it["protocols"],
                                   "count": len(parse_ranges(it["protocols"]))},
                      "observed": {"ranges": ranges(obs), "count": len(obs)}},
        "probe_packets": len(probes),
    }
    ent.update(span(probes))
    results = {}
    for a in ent["targets"]["observed"]:
        st = states.get(a, {})
        results[a] = {"states": {k: ranges(v) for k, v in sorted(st.items())},
                      "state_counts": {k: len(v) for k, v in sorted(st.items())},
                      "open_protocols": sorted(st.get("open", []))}
    ent["results"] = results
    ok = ctx.compare("%s: protocols probed" % ent["id"],
                     ranges(parse_ranges(it["protocols"])), ranges(obs))
    rep = nmap_report(it.get("tool_output"))
    if rep is not None:
        ent["tool_report"] = {}
        for a in targets:
            r = rep.get(a, {"host_state": "down/not reported", "ports": {},
                            "extraports": {}})
            ent["tool_report"][a] = {
                "host_state": r["host_state"],
                "listed": {k: ranges(v) for k, v in sorted(r["ports"].items())},
                "extraports": r["extraports"]}
            got = {k: parse_ranges(v) for k, v in results.get(a, {}).get("states", {}).items()}
            for s_, plist in r["ports"].items():
                ok &= ctx.compare("%s: nmap reports %s on %s" % (ent["id"], s_, a),
                                  ranges(plist), ranges(set(plist) & set(got.get(s_, []))))
            for s_, n in r["extraports"].items():
                ok &= ctx.compare("%s: nmap count of %s on %s" % (ent["id"], s_, a),
                                  n + len(r["ports"].get(s_, [])), len(got.get(s_, [])))
        # open_protocols: what nmap's XML calls open (the brief of the
        # scenario); the capture's own verdict is results.<addr>.open_protocols
        t0 = targets[0]
        ent["open_protocols"] = sorted(rep.get(t0, {}).get("ports", {}).get("open", []))
        ent["open_protocol_names"] = {str(n): names.get(n) for n in ent["open_protocols"]}
        ent["open_filtered_protocols"] = sorted(
            rep.get(t0, {}).get("ports", {}).get("open|filtered", []))
    ent["agree"] = bool(ok)

    # tshark checks.  ICMP errors quote the probe's IP header, so probe
    # filters pin the outer header (ip.src#1) and print the first ip.proto;
    # answers print the last one (the quoted protocol for an ICMP error).
    for a in targets:
        pf = "ip.src#1==%s && ip.dst#1==%s && !(icmp.type==3)" % (src, a)
        ctx.check("%s: distinct protocols probed on %s" % (ent["id"], a), pf,
                  ["ip.proto"], "sort -u | wc -l", len(obs), "-E occurrence=f")
        ctx.check("%s: probe packets to %s" % (ent["id"], a), pf,
                  ["frame.number"], "wc -l", len(probes))
        st = states.get(a, {})
        ctx.check("%s: closed protocols on %s (ICMP protocol unreachable)" % (ent["id"], a),
                  "icmp.type==3 && icmp.code==2 && ip.src#1==%s && ip.dst#1==%s" % (a, src),
                  ["ip.proto"], "sort -u | wc -l", len(st.get("closed", [])),
                  "-E occurrence=l")
        ctx.check("%s: open protocols on %s (answered in kind)" % (ent["id"], a),
                  "ip.src#1==%s && ip.dst#1==%s && !(icmp.type==3 && icmp.code!=3)" % (a, src),
                  ["ip.proto"], "sort -un | paste -sd, -",
                  ",".join(str(x) for x in sorted(st.get("open", []))), "-E occurrence=l")
    return ent


def addr_key(a):
    if ":" in a:
        return (6, a)
    return (4, tuple(int(x) for x in a.split(".")))


# ----------------------------------------------------------------- knocks
def knockd_section(path, name):
    """Parse one [section] of a knockd.conf: sequence and seq_timeout."""
    cur, out = None, {}
    for line in open(path):
        line = line.split("#")[0].strip()
        if line.startswith("[") and line.endswith("]"):
            cur = line[1:-1].strip()
        elif cur == name and "=" in line:
            k, v = (x.strip() for x in line.split("=", 1))
            out[k.lower()] = v
    seq = []
    for item in out["sequence"].split(","):
        port, proto = (item.strip().split(":") + ["tcp"])[:2]
        seq.append({"port": int(port), "proto": proto.lower()})
    return seq, int(out.get("seq_timeout", 25))


def knockd_log(path, src):
    """knockd's own verdict for src: log lines, and whether it opened."""
    lines = []
    if path and os.path.exists(path):
        lines = [l.rstrip("\n") for l in open(path) if src + ":" in l]
    return lines, any("OPEN SESAME" in l for l in lines)


def knock_entry(ctx, it, pkts):
    src, dst = it["source"], it["destination"]
    seq_cfg, it["seq_timeout_s"] = knockd_section(it["knockd_conf"], it["section"])
    it["knockd_log"], it["knockd_opened"] = knockd_log(it.get("knockd_log_file"), src)
    sent_int = it["sent"]                   # what the client was told to send
    kports = {(k["port"], k["proto"]) for k in seq_cfg + sent_int}
    seen = []
    for p in pkts:
        if p.get("src") != src or p.get("dst") != dst:
            continue
        if p["l4"] == "tcp" and p["flags"] == 0x002 and (p["dport"], "tcp") in kports:
            seen.append({"port": p["dport"], "proto": "tcp", "ts": p["t"]})
        elif p["l4"] == "udp" and (p["dport"], "udp") in kports:
            seen.append({"port": p["dport"], "proto": "udp", "ts": p["t"]})
    if it.get("window"):
        lo, hi = it["window"]
        seen = [s for s in seen if lo <= s["ts"] <= hi]
    gaps = [round(b["ts"] - a["ts"], 3) for a, b in zip(seen, seen[1:])]
    span = round(seen[-1]["ts"] - seen[0]["ts"], 3) if seen else None
    fport = it["opened_port"]
    after = seen[-1]["ts"] if seen else 0
    syn = [p for p in pkts if p.get("src") == src and p.get("dst") == dst
           and p["l4"] == "tcp" and p["dport"] == fport and p["flags"] == 0x002
           and p["t"] >= after]
    synack = [p for p in pkts if p.get("src") == dst and p.get("dst") == src
              and p["l4"] == "tcp" and p["sport"] == fport
              and p["flags"] & 0x012 == 0x012 and p["t"] >= after]
    sent_seq = [{"port": s["port"], "proto": s["proto"]} for s in seen]
    cfg_seq = [{"port": k["port"], "proto": k["proto"]} for k in seq_cfg]
    if sent_seq == cfg_seq:
        outcome = "too_slow" if span > it["seq_timeout_s"] else "opened"
    elif sent_seq and sent_seq == cfg_seq[:len(sent_seq)]:
        outcome = "incomplete"
    else:
        outcome = "failed"
    if outcome == "opened" and not synack:
        outcome = "opened_but_no_answer"
    ent = {
        "source": src, "destination": dst, "section": it["section"],
        "sequence": cfg_seq, "seq_timeout_s": it["seq_timeout_s"],
        "sent": sent_int, "opened_port": fport,
        "outcome": it["outcome"],
        "observed": {
            "sent": [dict(s, ts=round(s["ts"], 6)) for s in seen],
            "gaps_s": gaps, "span_s": span,
            "followup": {"port": fport, "syn_packets": len(syn),
                         "syn_ack_packets": len(synack),
                         "connected": bool(synack)},
            "outcome": outcome,
        },
        "knockd_log": it.get("knockd_log", []),
        "client_output": it.get("client_output"),
    }
    ok = ctx.compare("knock %s->%s: outcome" % (src, dst), it["outcome"], outcome)
    ok &= ctx.compare("knock %s->%s: sent sequence" % (src, dst),
                      [(k["port"], k["proto"]) for k in sent_int],
                      [(k["port"], k["proto"]) for k in sent_seq])
    if it.get("knockd_opened") is not None:
        ok &= ctx.compare("knock %s->%s: knockd log says opened" % (src, dst),
                          it["outcome"] == "opened", it["knockd_opened"])
    ent["agree"] = bool(ok)
    tports = " ".join(str(k["port"]) for k in seq_cfg + sent_int
                      if k["proto"] == "tcp")
    uports = " ".join(str(k["port"]) for k in seq_cfg + sent_int
                      if k["proto"] == "udp")
    parts = []
    if tports:
        parts.append("(tcp.flags==0x002 && tcp.dstport in {%s})" % ",".join(sorted(set(tports.split()))))
    if uports:
        parts.append("(udp.dstport in {%s})" % ",".join(sorted(set(uports.split()))))
    f = "ip.src==%s && ip.dst==%s && (%s) && %s" % (src, dst, " || ".join(parts), NOT_ICMP)
    # only the transports the knock uses: inside VXLAN every packet also
    # has the underlay's udp.dstport (4789)
    kfields = (["tcp.dstport"] if tports else []) + (["udp.dstport"] if uports else [])
    if not it.get("window"):
        ctx.check("knock %s->%s: knock ports in order" % (src, dst), f,
                  kfields, "tr -d '\\t' | paste -sd, -",
                  ",".join(str(s["port"]) for s in seen))
        ctx.check("knock %s->%s: SYN-ACKs from port %d" % (src, dst, fport),
                  "ip.src==%s && ip.dst==%s && tcp.srcport==%d && tcp.flags==0x012 && %s"
                  % (dst, src, fport, NOT_ICMP), ["frame.number"], "wc -l",
                  len(synack))
    return ent


# ----------------------------------------------------------------- benign
def benign_entry(ctx, it, pkts):
    s = it["source"]
    out_syn = [p for p in pkts if p.get("src") == s and p["l4"] == "tcp"
               and p["flags"] == 0x002]
    in_synack = [p for p in pkts if p.get("dst") == s and p["l4"] == "tcp"
                 and p["flags"] & 0x012 == 0x012]
    in_rst = [p for p in pkts if p.get("dst") == s and p["l4"] == "tcp"
              and p["flags"] & 0x004]
    udp_out = [p for p in pkts if p.get("src") == s and p["l4"] == "udp"]
    udp_in = [p for p in pkts if p.get("dst") == s and p["l4"] == "udp"]
    icmp_out = [p for p in pkts if p.get("src") == s and p["l4"] == "icmp"]
    # connections initiated by s, keyed by 4-tuple + ISN (the kernel may
    # reuse an ephemeral port within one capture); established = answered
    # by a SYN-ACK acknowledging that ISN (RFC 9293 s3.5)
    conns = {(p["dst"], p["dport"], p["sport"], p["seq"]) for p in out_syn}
    est = {(p["src"], p["sport"], p["dport"], (p["ack"] - 1) % 2**32)
           for p in in_synack}
    obs = {
        "tcp_syn_sent": len(out_syn),
        "tcp_connections_attempted": len(conns),
        "tcp_connections_established": len(conns & est),
        "tcp_syn_ack_received": len(in_synack),
        "tcp_rst_received": len(in_rst),
        "tcp_peers": len({c[0] for c in conns}),
        "tcp_dst_ports": ranges({c[1] for c in conns}),
        "tcp_syn_ack_sent": sum(1 for p in pkts if p.get("src") == s and
                                p["l4"] == "tcp" and p["flags"] & 0x012 == 0x012),
        "udp_sent": len(udp_out),
        "udp_received": len(udp_in),
        "udp_peers": len({p["dst"] for p in udp_out}),
        "udp_distinct_dst_ports": len({p["dport"] for p in udp_out}),
        "udp_distinct_src_ports": len({p["sport"] for p in udp_out}),
        "icmp_sent": len(icmp_out),
        "icmp_echo_peers": len({p["dst"] for p in icmp_out if p["itype"] in (8, 128)}),
        "icmp_echo_replies_received": sum(1 for p in pkts if p.get("dst") == s and
                                          p["l4"] == "icmp" and p["itype"] in (0, 129)),
    }
    arp_out = [p for p in pkts if p["l4"] == "arp" and p.get("arp_spa") == s]
    if arp_out:
        obs["arp_requests_sent"] = sum(1 for p in arp_out if p["arp_op"] == 1)
        obs["arp_replies_sent"] = sum(1 for p in arp_out if p["arp_op"] == 2)
        obs["arp_gratuitous_sent"] = sum(1 for p in arp_out if p["arp_tpa"] == s)
    fam = "ipv6" if ":" in s else "ip"
    ent = {"source": s, "role": it["role"], "description": it["description"],
           "expect": "no scan and no knock alert for this source",
           "observed": obs, "client_output": it.get("client_output")}
    ctx.check("benign %s (%s): TCP SYNs sent" % (s, it["role"]),
              "%s.src==%s && tcp.flags==0x002 && %s" % (fam, s, NOT_ICMP),
              ["frame.number"], "wc -l", obs["tcp_syn_sent"])
    if obs["udp_sent"]:
        ctx.check("benign %s (%s): UDP datagrams sent" % (s, it["role"]),
                  "%s.src==%s && udp && %s" % (fam, s, NOT_ICMP),
                  ["frame.number"], "wc -l", obs["udp_sent"])
        ctx.check("benign %s (%s): distinct UDP destination ports" % (s, it["role"]),
                  "%s.src==%s && udp && %s" % (fam, s, NOT_ICMP),
                  ["udp.dstport"], "sort -u | wc -l", obs["udp_distinct_dst_ports"])
    if obs["tcp_syn_sent"]:
        ctx.check("benign %s (%s): distinct TCP peers" % (s, it["role"]),
                  "%s.src==%s && tcp.flags==0x002 && %s" % (fam, s, NOT_ICMP),
                  [fam + ".dst"], "sort -u | wc -l", obs["tcp_peers"])
    if obs["icmp_sent"]:
        ctx.check("benign %s (%s): ICMP echo requests sent" % (s, it["role"]),
                  "%s.src==%s && icmp.type==8" % (fam, s),
                  ["frame.number"], "wc -l",
                  sum(1 for p in icmp_out if p["itype"] == 8))
    if arp_out:
        ctx.check("benign %s (%s): ARP requests sent" % (s, it["role"]),
                  "arp.src.proto_ipv4==%s && arp.opcode==1" % s,
                  ["frame.number"], "wc -l", obs["arp_requests_sent"])
        ctx.check("benign %s (%s): gratuitous ARPs sent" % (s, it["role"]),
                  "arp.src.proto_ipv4==%s && arp.dst.proto_ipv4==%s" % (s, s),
                  ["frame.number"], "wc -l", obs["arp_gratuitous_sent"])
    co = it.get("client_output") or {}
    if "results" in co and "ok" in co["results"]:
        ctx.compare("benign %s: connections completed (client vs capture)" % s,
                    co["results"]["ok"], obs["tcp_connections_established"])
    if "refused" in co.get("results", {}):
        ctx.compare("benign %s: refused (client vs capture RST)" % s,
                    co["results"]["refused"], obs["tcp_rst_received"])
    per = co.get("per_source", {}).get(s)
    if per:
        ctx.compare("benign %s: DNS queries (client vs capture)" % s,
                    per["queries"], obs["udp_sent"])
        ctx.compare("benign %s: DNS answers (client vs capture)" % s,
                    per["answered"], obs["udp_received"])
    return ent


# ----------------------------------------------------------------- tunnels
# tshark's field and filter names of a tunnel's id, and how it prints it.
TUNNEL_ID_FIELD = {"vxlan": ("vxlan.vni", "%d"), "gre": ("gre.key", "0x%08x")}


def tunnel_entry(ctx, it, pkts):
    """An overlay: every packet to or from its addresses must be inside
    the tunnel, between the two underlay endpoints, with the one id."""
    kind, net = it["kind"], ipaddress.ip_network(it["overlay"])

    def in_overlay(a):
        return bool(a) and ":" not in a and ipaddress.ip_address(a) in net

    def overlay_pkt(p):
        return in_overlay(p.get("src")) or in_overlay(p.get("dst")) or \
            in_overlay(p.get("arp_spa")) or in_overlay(p.get("arp_tpa"))

    mine = [p for p in pkts if p.get("tunnel", {}).get("type") == kind]
    bare = [p for p in pkts if overlay_pkt(p) and "tunnel" not in p]
    ids = sorted({p["tunnel"]["id"] for p in mine if p["tunnel"]["id"] is not None})
    ends = sorted({"%s>%s" % (p["tunnel"]["outer_src"], p["tunnel"]["outer_dst"])
                   for p in mine})
    inner = {}
    for p in mine:
        inner[p["l4"]] = inner.get(p["l4"], 0) + 1
    a, t = it["underlay"]
    ent = {"type": kind, "id": it["id"], "device": it["device"],
           "overlay": it["overlay"], "underlay": it["underlay"], "how": it["how"],
           "observed": {"packets": len(mine), "ids": ids,
                        "endpoints": ends,
                        "inner_by_kind": dict(sorted(inner.items())),
                        "overlay_packets_outside": len(bare),
                        "overlay_packets_inside": sum(1 for p in mine if overlay_pkt(p))}}
    ok = ctx.compare("tunnel %s: ids seen" % kind, [it["id"]], ids)
    ok &= ctx.compare("tunnel %s: underlay endpoints" % kind,
                      sorted(["%s>%s" % (a, t), "%s>%s" % (t, a)]), ends)
    ok &= ctx.compare("tunnel %s: overlay packets outside the tunnel" % kind, 0, len(bare))
    ent["agree"] = bool(ok)
    field, fmt = TUNNEL_ID_FIELD[kind]
    ctx.check("tunnel %s: packets" % kind, kind, ["frame.number"], "wc -l", len(mine))
    ctx.check("tunnel %s: ids" % kind, kind, [field], "sort -u | paste -sd, -",
              ",".join(fmt % i for i in ids))
    ctx.check("tunnel %s: overlay packets outside it" % kind,
              "(ip.addr==%s || arp.src.proto_ipv4==%s || arp.dst.proto_ipv4==%s) && !%s"
              % (it["overlay"], it["overlay"], it["overlay"], kind),
              ["frame.number"], "wc -l", len(bare))
    return ent


# ----------------------------------------------------------------- main
def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--name", required=True)
    ap.add_argument("--pcap", required=True)
    ap.add_argument("--intent", required=True)
    ap.add_argument("--description", default="")
    ap.add_argument("--snaplen", type=int, default=128)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()

    pkts = read_pcap(a.pcap)
    intents = [json.loads(l) for l in open(a.intent) if l.strip()]
    tunnelled = {}
    for p in pkts:
        if "tunnel" in p:
            tunnelled[p["tunnel"]["type"]] = tunnelled.get(p["tunnel"]["type"], 0) + 1
    ctx = Ctx("samples/pcap/%s.pcap" % a.name, bool(tunnelled))
    by_l4 = {}
    for p in pkts:
        by_l4[p.get("l4", "other")] = by_l4.get(p.get("l4", "other"), 0) + 1
    cap = {
        "file": "pcap/%s.pcap" % a.name,
        "bytes": os.path.getsize(a.pcap),
        "sha256": hashlib.sha256(open(a.pcap, "rb").read()).hexdigest(),
        "packets": len(pkts),
        "packets_by_kind": dict(sorted(by_l4.items())),
        "linktype": "EN10MB", "snaplen": a.snaplen,
        "first_ts": pkts[0]["t"] if pkts else None,
        "last_ts": pkts[-1]["t"] if pkts else None,
        "duration_s": round(pkts[-1]["t"] - pkts[0]["t"], 3) if pkts else 0,
        "capture_point": "pl-tgt0 (target side of the veth pair)",
    }
    if tunnelled:   # packets_by_kind counts their innermost headers
        cap["tunnelled_packets"] = dict(sorted(tunnelled.items()))
        cap["capture_point"] += "; the underlay: tunnelled packets encapsulated"
    ctx.check("capture: packet count", "frame", ["frame.number"], "wc -l",
              len(pkts))
    truth = {"format": FORMAT, "name": a.name, "description": a.description,
             "capture": cap, "hosts": {}, "scans": [], "knocks": [],
             "benign": []}
    for it in intents:
        if it["type"] == "scan" and it.get("kind") == "discovery":
            truth["scans"].append(discovery_entry(ctx, it, pkts))
        elif it["type"] == "scan" and it["technique"] == "ip_protocol":
            truth["scans"].append(ipproto_entry(ctx, it, pkts))
        elif it["type"] == "scan":
            truth["scans"].append(scan_entry(ctx, it, pkts))
        elif it["type"] == "knock":
            truth["knocks"].append(knock_entry(ctx, it, pkts))
        elif it["type"] == "benign":
            truth["benign"].append(benign_entry(ctx, it, pkts))
        elif it["type"] == "tunnel":
            truth.setdefault("tunnels", []).append(tunnel_entry(ctx, it, pkts))
        elif it["type"] == "host":
            truth["hosts"][it["address"]] = it["role"]
        elif it["type"] == "note":
            truth.setdefault("notes", []).append(it["text"])
    truth["verification"] = {
        "agree": not ctx.mismatches,
        "mismatches": ctx.mismatches,
        "checks": ctx.checks,
        "how": "run each checks[].cmd from the repository root; its output "
               "must equal expect (samples/lab/verify-truth.sh does this)",
    }
    with open(a.out, "w") as f:
        json.dump(truth, f, indent=1)
        f.write("\n")
    if ctx.mismatches:
        for m in ctx.mismatches:
            print("truth: %s: MISMATCH %s" % (a.name, json.dumps(m)), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
