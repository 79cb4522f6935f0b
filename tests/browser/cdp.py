#!/usr/bin/env python3
"""tests/browser/cdp.py - headless Chromium over the DevTools protocol.

Python 3 standard library only (no pip, no npm): a minimal RFC 6455
WebSocket client on `socket`, a Chromium process that always dies with
us, a CDP session (flattened Target sessions on the browser socket), and
a PNG decoder for pixel statistics. Used by tests/browser_test.sh, make
screenshot and tests/bench/bench.sh.

Subcommands (PAGE is a local .html file; every one has a time limit):
  probe                  start Chromium, open a tab, close; prints version
  dump-dom PAGE          `chromium --headless --dump-dom file://PAGE` to stdout
  rows DOM TABLE_ID ROW_CLASS
                         text of each <tr class=ROW_CLASS> inside
                         <table id=TABLE_ID> of a saved DOM, as a JSON list
  urls PAGE              every URL the file names (src, href, CSS url(),
                         @import, ...) as JSON: the static side of "no
                         external URL"
  inspect PAGE           load PAGE at 1280x800, print JSON: load time,
                         every network request and failure, console/log
                         entries, and for each svg.plot its box, the tag of
                         its next sibling and the pixel statistics of a
                         screenshot clipped to its box
  screenshot PAGE OUT.png [--max-height N]
                         the first screen (1280x800), or with --max-height
                         the full page cut to N CSS pixels
  loadtime PAGE          navigate -> Page.loadEventFired, in ms, one line
  pngstat FILE.png       pixel statistics of a PNG, as JSON
  selftest               WebSocket framing and PNG filters against data
                         built here (no browser)

Exit codes: 0 done, 1 failed (a CDP error, a timeout, bad input), 3 the
browser is not installed or did not start (callers skip on 3).

Known traps, written down:
- Chromium forks a zygote, renderers, GPU/utility processes and
  crashpad. It runs in a session of its own (start_new_session); cleanup
  SIGKILLs that process group (SIGTERM took 2 s to act, and a throwaway
  profile has nothing to flush), then any process still naming our temp
  dir, each by pid, then removes the dir. The killed children are
  orphans that init reaps about 1.4 s later: zombies count as gone.
- Chromium makes org.chromium.Chromium.* scratch dirs in $TMPDIR, which
  a SIGKILL leaves behind: its TMPDIR is our temp dir.
- SIGTERM (from timeout(1)) and SIGALRM (our own --timeout) raise
  exceptions, so the cleanup in `finally` runs on every path; while it
  runs they are blocked. Only a SIGKILL of Python leaves a browser
  behind: callers put TMPDIR in a dir of theirs and kill by that name.
- Chromium's stderr goes to a file in the temp dir, not a pipe: it logs a
  lot (dbus noise here) and a full pipe would block it.
- Screenshot clips are in CSS pixels of the page (not the viewport) with
  captureBeyondViewport; at deviceScaleFactor 1 one CSS pixel is one PNG
  pixel. Chromium writes colour type 2 and mostly filter 0: selftest is
  what covers filters 1-4 and colour type 6.
- A file:// page's navigation shows in Network.requestWillBeSent as a
  Document request; inline data: URLs show too (the caller decides);
  a request the CSP blocks still shows, then fails (blockedReason csp).
"""
import base64
import hashlib
import json
import os
import re
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time
import zlib
from html.parser import HTMLParser
from urllib.parse import urlparse
from pathlib import Path

WIDTH, HEIGHT = 1280, 800
EXIT_FAIL, EXIT_NOBROWSER = 1, 3
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu",
                  "--disable-quic", "--no-first-run",
                  "--disable-background-networking",
                  "--disable-component-update", "--disable-sync"]


class Timeout(Exception):
    """A bounded wait ran out."""


class NoBrowser(Exception):
    """Chromium is missing or did not start (exit 3: callers skip)."""


class CdpError(Exception):
    """A CDP command answered with an error."""


def remaining(deadline):
    """Seconds left before `deadline` (time.monotonic()); Timeout at 0."""
    left = deadline - time.monotonic()
    if left <= 0:
        raise Timeout("deadline passed")
    return left


# ---- WebSocket client (RFC 6455) ------------------------------------------

WS_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"  # RFC 6455 s1.3
OP_CONT, OP_TEXT, OP_BINARY, OP_CLOSE, OP_PING, OP_PONG = 0, 1, 2, 8, 9, 10


def ws_frame(opcode, payload, fin=True, mask=True):
    """One frame (RFC 6455 s5.2). Clients mask every frame (s5.3); the
    length takes 7 bits, or 126 + 16 bits, or 127 + 64 bits."""
    head = bytearray([(0x80 if fin else 0) | opcode])
    n = len(payload)
    mbit = 0x80 if mask else 0
    if n < 126:
        head.append(mbit | n)
    elif n < 1 << 16:
        head.append(mbit | 126)
        head += struct.pack("!H", n)
    else:
        head.append(mbit | 127)
        head += struct.pack("!Q", n)
    if not mask:
        return bytes(head) + payload
    key = os.urandom(4)
    return bytes(head) + key + ws_mask(payload, key)


def ws_mask(payload, key):
    """XOR with the 4-byte key (s5.3), fast: one big-integer XOR."""
    n = len(payload)
    if n == 0:
        return b""
    k = (key * (n // 4 + 1))[:n]
    x = int.from_bytes(payload, "big") ^ int.from_bytes(k, "big")
    return x.to_bytes(n, "big")


class WebSocket:
    """A blocking client over a connected socket-like object. recv()
    reassembles fragmented messages (s5.4), answers pings, and never
    waits past the caller's deadline."""

    MAX_MESSAGE = 256 << 20  # a full-page screenshot is a few MB

    def __init__(self, sock):
        self.sock = sock
        self.buf = bytearray()

    @classmethod
    def connect(cls, url, deadline):
        u = urlparse(url)
        if u.scheme != "ws":
            raise ValueError("only ws:// URLs: " + url)
        sock = socket.create_connection((u.hostname, u.port or 80),
                                        timeout=remaining(deadline))
        ws = cls(sock)
        try:
            ws._handshake(u.netloc, u.path or "/", deadline)
        except BaseException:
            sock.close()
            raise
        return ws

    def _handshake(self, host, path, deadline):
        key = base64.b64encode(os.urandom(16)).decode()
        req = ("GET %s HTTP/1.1\r\nHost: %s\r\nUpgrade: websocket\r\n"
               "Connection: Upgrade\r\nSec-WebSocket-Key: %s\r\n"
               "Sec-WebSocket-Version: 13\r\n\r\n" % (path, host, key))
        self.sock.sendall(req.encode())
        while b"\r\n\r\n" not in self.buf:
            self._fill(deadline)
            if len(self.buf) > 65536:
                raise ConnectionError("handshake: no end of headers")
        end = self.buf.index(b"\r\n\r\n")
        head = bytes(self.buf[:end]).decode("latin-1").split("\r\n")
        del self.buf[:end + 4]  # a frame may follow at once
        if not re.match(r"HTTP/1\.1 101\b", head[0]):
            raise ConnectionError("handshake refused: " + head[0])
        fields = {}
        for line in head[1:]:
            name, _, value = line.partition(":")
            fields[name.strip().lower()] = value.strip()
        want = base64.b64encode(hashlib.sha1((key + WS_GUID).encode())
                                .digest()).decode()
        if fields.get("sec-websocket-accept") != want:
            raise ConnectionError("handshake: bad Sec-WebSocket-Accept")

    def _fill(self, deadline):
        self.sock.settimeout(remaining(deadline))
        try:
            chunk = self.sock.recv(1 << 20)
        except socket.timeout:
            raise Timeout("websocket read timed out") from None
        if not chunk:
            raise ConnectionError("websocket closed by peer")
        self.buf += chunk

    def _take(self, n, deadline):
        while len(self.buf) < n:
            self._fill(deadline)
        out = bytes(self.buf[:n])
        del self.buf[:n]
        return out

    def _read_frame(self, deadline):
        b0, b1 = self._take(2, deadline)
        fin, opcode, masked, n = b0 & 0x80, b0 & 0x0F, b1 & 0x80, b1 & 0x7F
        if n == 126:
            n = struct.unpack("!H", self._take(2, deadline))[0]
        elif n == 127:
            n = struct.unpack("!Q", self._take(8, deadline))[0]
        if n > self.MAX_MESSAGE:
            raise ConnectionError("websocket frame of %d bytes" % n)
        key = self._take(4, deadline) if masked else None
        payload = self._take(n, deadline)
        if key:
            payload = ws_mask(payload, key)
        return bool(fin), opcode, payload

    def send_text(self, text):
        self.sock.sendall(ws_frame(OP_TEXT, text.encode()))

    def recv(self, deadline):
        """The next data message as (opcode, bytes). Control frames may
        come between fragments (s5.4): pings are answered there."""
        parts, first = [], None
        while True:
            fin, opcode, payload = self._read_frame(deadline)
            if opcode == OP_PING:
                self.sock.sendall(ws_frame(OP_PONG, payload))
                continue
            if opcode == OP_PONG:
                continue
            if opcode == OP_CLOSE:
                raise ConnectionError("websocket closed by peer")
            if opcode == OP_CONT:
                if first is None:
                    raise ConnectionError("continuation without a start")
            elif first is not None:
                raise ConnectionError("new message inside a fragmented one")
            else:
                first = opcode
            parts.append(payload)
            if sum(map(len, parts)) > self.MAX_MESSAGE:
                raise ConnectionError("websocket message too large")
            if fin:
                return first, b"".join(parts)

    def close(self):
        try:
            self.sock.sendall(ws_frame(OP_CLOSE, struct.pack("!H", 1000)))
        except OSError:
            pass
        self.sock.close()


# ---- the Chromium process ------------------------------------------------

def find_chromium():
    """$CHROMIUM, else chromium or chromium-browser on PATH, else None."""
    env = os.environ.get("CHROMIUM")
    if env:
        return env if shutil.which(env) else None
    for name in ("chromium", "chromium-browser"):
        path = shutil.which(name)
        if path:
            return path
    return None


def pids_of_group(pgid):
    """Live processes of a process group. Zombies do not count: the
    orphans of a killed Chromium wait for init to reap them (1.4 s here)
    but are already dead."""
    out = []
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % d, "rb") as f:
                fields = f.read().rsplit(b")", 1)[1].split()
        except (OSError, IndexError):
            continue
        # after "pid (comm)": state ppid pgrp ...
        if len(fields) > 2 and int(fields[2]) == pgid and fields[0] != b"Z":
            out.append(int(d))
    return out


def pids_naming(marker):
    """Processes whose command line contains `marker` (our unique temp
    dir), so only processes this run started."""
    out = []
    for d in os.listdir("/proc"):
        if not d.isdigit() or int(d) == os.getpid():
            continue
        try:
            with open("/proc/%s/cmdline" % d, "rb") as f:
                if marker.encode() in f.read():
                    out.append(int(d))
        except OSError:
            pass
    return out


class Chromium:
    """One Chromium in a fresh profile dir, killed and removed on exit.

    with Chromium(extra_args, devtools=True) as c: c.ws_url ...
    """

    def __init__(self, extra_args=(), devtools=True, start_timeout=30.0):
        self.binary = find_chromium()
        if not self.binary:
            raise NoBrowser("chromium not installed")
        self.extra = list(extra_args)
        self.devtools = devtools
        self.start_timeout = start_timeout
        self.tmp = None
        self.proc = None
        self.ws_url = None

    def __enter__(self):
        self.tmp = tempfile.mkdtemp(prefix="portlens-chromium-")
        try:
            self._start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc):
        self.stop()

    def _start(self):
        args = [self.binary] + CHROMIUM_FLAGS
        args.append("--user-data-dir=" + os.path.join(self.tmp, "profile"))
        if self.devtools:
            args += ["--remote-debugging-address=127.0.0.1",
                     "--remote-debugging-port=0"]
        args += self.extra
        self.log = os.path.join(self.tmp, "stderr.log")
        self.out = os.path.join(self.tmp, "stdout")
        with open(self.log, "wb") as err, open(self.out, "wb") as out:
            try:
                # TMPDIR: Chromium's own org.chromium.Chromium.* scratch
                # dirs, which a SIGKILL leaves behind, go in our dir too.
                self.proc = subprocess.Popen(
                    args, stdin=subprocess.DEVNULL, stdout=out, stderr=err,
                    start_new_session=True,
                    env=dict(os.environ, TMPDIR=self.tmp))
            except OSError as e:
                raise NoBrowser("cannot run %s: %s" % (self.binary, e))
        if self.devtools:
            self.ws_url = self._wait_devtools_line()

    def _wait_devtools_line(self):
        deadline = time.monotonic() + self.start_timeout
        pat = re.compile(rb"DevTools listening on (ws://\S+)")
        while time.monotonic() < deadline:
            with open(self.log, "rb") as f:
                m = pat.search(f.read())
            if m:
                return m.group(1).decode()
            if self.proc.poll() is not None:
                raise NoBrowser("chromium exited with %s before DevTools "
                                "listened: %s" % (self.proc.returncode,
                                                  self.stderr_tail()))
            time.sleep(0.05)
        raise NoBrowser("no 'DevTools listening' line within %.0f s: %s"
                        % (self.start_timeout, self.stderr_tail()))

    def stderr_tail(self, n=5):
        """The last n stderr lines that are not dbus noise."""
        try:
            with open(self.log, "rb") as f:
                lines = f.read().decode("utf-8", "replace").splitlines()
        except OSError:
            return "(no log)"
        lines = [l for l in lines if "dbus" not in l and l.strip()]
        return " | ".join(lines[-n:]) or "(empty stderr)"

    def wait(self, timeout):
        """Wait for the browser to exit by itself (dump-dom); Timeout."""
        try:
            return self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            raise Timeout("chromium still running after %.0f s" % timeout)

    def stop(self):
        """Kill every process of this run, by pid, then remove the dir.
        SIGTERM and the alarm wait until it is done (signals blocked)."""
        held = {signal.SIGTERM, signal.SIGALRM, signal.SIGHUP, signal.SIGINT}
        old = signal.pthread_sigmask(signal.SIG_BLOCK, held)
        try:
            self._stop()
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, old)

    def _stop(self):
        if self.proc is not None:
            # SIGKILL at once: the profile is thrown away, so there is
            # nothing to flush, and SIGTERM took 2 s to take effect.
            pgid = self.proc.pid  # session leader: pgid == pid
            try:
                os.killpg(pgid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            end = time.monotonic() + 5.0
            while time.monotonic() < end:
                self.proc.poll()  # reap the leader, or it stays listed
                if not pids_of_group(pgid):
                    break
                time.sleep(0.02)
            self.proc.poll()
            if self.tmp:
                for pid in pids_naming(self.tmp):
                    try:
                        os.kill(pid, signal.SIGKILL)
                    except OSError:
                        pass
            try:
                self.proc.wait(timeout=3)
            except subprocess.TimeoutExpired:
                pass
            self.proc = None
        if self.tmp:
            shutil.rmtree(self.tmp, ignore_errors=True)
            if os.path.exists(self.tmp):  # a late writer: once more
                time.sleep(0.2)
                shutil.rmtree(self.tmp, ignore_errors=True)
            self.tmp = None


# ---- CDP -------------------------------------------------------------------

class Cdp:
    """Commands and events on the browser's WebSocket. Page targets are
    reached through flattened sessions (Target.attachToTarget flatten),
    so one socket carries everything."""

    def __init__(self, ws):
        self.ws = ws
        self.next_id = 0
        self.events = []  # every event seen, in order: (method, params, session)

    def call(self, method, params=None, session=None, timeout=30.0):
        deadline = time.monotonic() + timeout
        self.next_id += 1
        msg = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        self.ws.send_text(json.dumps(msg))
        while True:
            reply = self._read(deadline)
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise CdpError("%s: %s" % (method, reply["error"]))
                return reply.get("result", {})

    def _read(self, deadline):
        while True:
            opcode, data = self.ws.recv(deadline)
            if opcode != OP_TEXT:
                continue
            msg = json.loads(data)
            if "method" in msg and "id" not in msg:
                self.events.append((msg["method"], msg.get("params", {}),
                                    msg.get("sessionId")))
            return msg

    def wait_event(self, method, session=None, start=0, timeout=30.0):
        """The first `method` event at index >= start in self.events for
        the session, reading more as needed; returns (index, params)."""
        deadline = time.monotonic() + timeout
        i = start
        while True:
            while i < len(self.events):
                m, p, s = self.events[i]
                if m == method and (session is None or s == session):
                    return i, p
                i += 1
            try:
                self._read(deadline)
            except Timeout:
                raise Timeout("no %s within %.0f s" % (method, timeout))

    def drain(self, seconds):
        """Collect events for `seconds` (late requests after load)."""
        deadline = time.monotonic() + seconds
        try:
            while True:
                self._read(deadline)
        except Timeout:
            pass


class Tab:
    """A fresh page target at WIDTH x HEIGHT, with the Network, Page, Log
    and Runtime domains on."""

    def __init__(self, cdp, width=WIDTH, height=HEIGHT):
        self.cdp = cdp
        tid = cdp.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        self.session = cdp.call("Target.attachToTarget",
                                {"targetId": tid, "flatten": True})["sessionId"]
        for domain in ("Page", "Network", "Runtime", "Log"):
            self.call(domain + ".enable")
        self.call("Emulation.setDeviceMetricsOverride",
                  {"width": width, "height": height, "deviceScaleFactor": 1,
                   "mobile": False})

    def call(self, method, params=None, timeout=30.0):
        return self.cdp.call(method, params, self.session, timeout)

    def navigate(self, url, timeout=60.0):
        """Page.navigate, then wait for Page.loadEventFired. Returns the
        wall time between the two, in ms (the browser's own time would
        leave out our socket, but not the parse and layout we care for)."""
        start = len(self.cdp.events)
        t0 = time.monotonic()
        res = self.call("Page.navigate", {"url": url}, timeout=timeout)
        if res.get("errorText"):
            raise CdpError("Page.navigate %s: %s" % (url, res["errorText"]))
        self.cdp.wait_event("Page.loadEventFired", self.session, start, timeout)
        return (time.monotonic() - t0) * 1000.0

    def events(self, method):
        return [p for m, p, s in self.cdp.events
                if m == method and s == self.session]

    def evaluate(self, expression):
        """The JSON value of a JavaScript expression (returnByValue)."""
        res = self.call("Runtime.evaluate", {"expression": expression,
                                             "returnByValue": True})
        if "exceptionDetails" in res:
            raise CdpError("Runtime.evaluate: %s" % res["exceptionDetails"])
        return res["result"].get("value")

    def screenshot(self, clip=None):
        """PNG bytes; clip {x, y, width, height} in CSS pixels of the page."""
        params = {"format": "png", "captureBeyondViewport": True}
        if clip:
            params["clip"] = dict(clip, scale=1)
        res = self.call("Page.captureScreenshot", params, timeout=60.0)
        return base64.b64decode(res["data"])


def page_url(path):
    p = Path(path)
    if not p.is_file():
        raise ValueError("no such file: %s" % path)
    return p.resolve().as_uri()


class Browser:
    """Chromium + its DevTools socket + CDP, as one context manager."""

    def __enter__(self):
        self.chromium = Chromium().__enter__()
        try:
            deadline = time.monotonic() + 10
            try:
                ws = WebSocket.connect(self.chromium.ws_url, deadline)
            except (OSError, Timeout) as e:
                raise NoBrowser("cannot connect to %s: %s"
                                % (self.chromium.ws_url, e))
            self.cdp = Cdp(ws)
        except BaseException:
            self.chromium.stop()
            raise
        return self

    def __exit__(self, *exc):
        try:
            self.cdp.ws.close()
        finally:
            self.chromium.stop()


# ---- PNG (RFC 2083 / PNG spec s9: filters) --------------------------------

def png_decode(data):
    """(width, height, channels, rows): rows is a list of bytes, one per
    scanline, unfiltered. Bit depth 8, colour types 2 (RGB) and 6 (RGBA),
    no interlace: what Chromium writes."""
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    pos, idat, ihdr = 8, [], None
    while pos + 8 <= len(data):
        n, kind = struct.unpack("!I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if len(body) != n:
            raise ValueError("PNG chunk %r cut short" % kind)
        if kind == b"IHDR":
            ihdr = struct.unpack("!IIBBBBB", body)
        elif kind == b"IDAT":
            idat.append(body)
        elif kind == b"IEND":
            break
        pos += 12 + n
    if ihdr is None:
        raise ValueError("PNG without IHDR")
    w, h, depth, ctype, _comp, _filt, interlace = ihdr
    if depth != 8 or ctype not in (2, 6) or interlace:
        raise ValueError("PNG depth %d colour type %d interlace %d "
                         "unsupported" % (depth, ctype, interlace))
    ch = 3 if ctype == 2 else 4
    raw = zlib.decompress(b"".join(idat))
    stride = w * ch
    if len(raw) < h * (stride + 1):
        raise ValueError("PNG image data short")
    rows, prev = [], bytes(stride)
    for y in range(h):
        off = y * (stride + 1)
        ftype = raw[off]
        line = bytearray(raw[off + 1:off + 1 + stride])
        png_unfilter(ftype, line, prev, ch)
        prev = bytes(line)
        rows.append(prev)
    return w, h, ch, rows


def png_unfilter(ftype, line, prev, bpp):
    """Undo filter `ftype` in place (0 None, 1 Sub, 2 Up, 3 Average,
    4 Paeth); bpp is bytes per pixel, prev the unfiltered previous line."""
    n = len(line)
    if ftype == 0:
        return
    if ftype == 1:
        for i in range(bpp, n):
            line[i] = (line[i] + line[i - bpp]) & 0xFF
    elif ftype == 2:
        for i in range(n):
            line[i] = (line[i] + prev[i]) & 0xFF
    elif ftype == 3:
        for i in range(n):
            left = line[i - bpp] if i >= bpp else 0
            line[i] = (line[i] + ((left + prev[i]) >> 1)) & 0xFF
    elif ftype == 4:
        for i in range(n):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
            line[i] = (line[i] + pred) & 0xFF
    else:
        raise ValueError("PNG filter type %d" % ftype)


def pixel_stats(png):
    """Counts over the RGB of every pixel (alpha ignored: a screenshot is
    opaque): the most common colour, the share of pixels that differ
    from it, and how many distinct colours there are."""
    w, h, ch, rows = png_decode(png)
    counts = {}
    for row in rows:
        for i in range(0, len(row), ch):
            px = row[i:i + 3]
            counts[px] = counts.get(px, 0) + 1
    total = w * h
    top, top_n = max(counts.items(), key=lambda kv: kv[1]) if counts else (b"\0\0\0", 0)
    return {"width": w, "height": h, "pixels": total,
            "background": "#%02x%02x%02x" % tuple(top),
            "differing_share": (total - top_n) / total if total else 0.0,
            "distinct_colours": len(counts)}


# ---- saved DOM ------------------------------------------------------------

class RowText(HTMLParser):
    """Text of each <tr class=...ROW...> inside <table id=TABLE>."""

    def __init__(self, table_id, row_class):
        super().__init__(convert_charrefs=True)
        self.table_id, self.row_class = table_id, row_class
        self.tables = []  # stack: True for the table we want
        self.row = None
        self.rows = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "table":
            self.tables.append(a.get("id") == self.table_id)
        elif tag == "tr" and self.tables and self.tables[-1]:
            if self.row_class in (a.get("class") or "").split():
                self.row = []
        elif self.row is not None and tag in ("td", "th", "br"):
            self.row.append(" ")

    def handle_endtag(self, tag):
        if tag == "table" and self.tables:
            self.tables.pop()
        elif tag == "tr" and self.row is not None:
            self.rows.append(re.sub(r"\s+", " ", "".join(self.row)).strip())
            self.row = None

    def handle_data(self, data):
        if self.row is not None:
            self.row.append(data)


URL_ATTRS = {"src", "href", "xlink:href", "srcset", "action", "formaction",
             "poster", "background", "data", "manifest", "ping", "cite"}
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]*)""", re.I)
CSS_IMPORT = re.compile(r"""@import\s+['"]([^'"]*)""", re.I)


class UrlRefs(HTMLParser):
    """Every URL a page names: the attributes that load or link
    (URL_ATTRS), CSS url(...) and @import in <style> and style="",
    <meta http-equiv=refresh>; as (where, url) pairs."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.refs = []
        self.in_style = False

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if value is None:
                continue
            if name in URL_ATTRS:
                self.refs.append(("<%s %s>" % (tag, name), value.strip()))
            elif name == "style":
                self._css("<%s style>" % tag, value)
            elif (tag == "meta" and name == "content"
                  and (dict(attrs).get("http-equiv") or "").lower() == "refresh"):
                self.refs.append(("<meta refresh>", value))
        self.in_style = tag == "style"

    def handle_endtag(self, tag):
        if tag == "style":
            self.in_style = False

    def handle_data(self, data):
        if self.in_style:
            self._css("<style>", data)

    def _css(self, where, text):
        for m in CSS_URL.finditer(text):
            self.refs.append((where + " url()", m.group(1).strip()))
        for m in CSS_IMPORT.finditer(text):
            self.refs.append((where + " @import", m.group(1).strip()))


# ---- subcommands -----------------------------------------------------------

PLOTS_JS = r"""JSON.stringify(Array.from(document.querySelectorAll('svg.plot'))
 .map(function (e) {
  var r = e.getBoundingClientRect(), n = e.nextElementSibling;
  return {id: e.id, role: e.getAttribute('role'),
          x: r.left + window.scrollX, y: r.top + window.scrollY,
          w: r.width, h: r.height,
          next: n ? n.tagName.toLowerCase() + (n.className ? '.' +
                String(n.className).split(/\s+/).join('.') : '') : null};
 }))"""

PAGE_JS = r"""JSON.stringify({
 title: document.title,
 width: document.documentElement.scrollWidth,
 height: document.documentElement.scrollHeight,
 scripts: document.scripts.length,
 scan_rows: Array.from(document.querySelectorAll('table#scans tr.scan'))
            .map(function (r) { return r.innerText; }),
 knock_rows: document.querySelectorAll('table#knocks tr.knock').length,
 ports_table: !!document.querySelector('table#ports'),
 csp: Array.from(document.querySelectorAll(
        'meta[http-equiv="Content-Security-Policy" i]'))
      .map(function (m) { return m.content; })})"""


def clip_of(box):
    """Whole pixels covering the box (x, y, w, h in CSS px)."""
    x0, y0 = int(box["x"]), int(box["y"])
    x1 = int(-(-(box["x"] + box["w"]) // 1))
    y1 = int(-(-(box["y"] + box["h"]) // 1))
    return {"x": x0, "y": y0, "width": x1 - x0, "height": y1 - y0}


def cmd_probe(args):
    with Browser() as b:
        version = b.cdp.call("Browser.getVersion")
        tab = Tab(b.cdp)
        tab.navigate("about:blank", timeout=20)
        print(version.get("product", "?"))


def cmd_dump_dom(args):
    url = page_url(args.page)
    with Chromium(["--dump-dom", url], devtools=False) as c:
        rc = c.wait(args.timeout)
        with open(c.out, "rb") as f:
            dom = f.read()
        if rc != 0 or not dom:
            raise CdpError("chromium --dump-dom exited %s, %d bytes: %s"
                           % (rc, len(dom), c.stderr_tail()))
        sys.stdout.buffer.write(dom)


def cmd_rows(args):
    p = RowText(args.table_id, args.row_class)
    with open(args.dom, encoding="utf-8", errors="replace") as f:
        p.feed(f.read())
    p.close()
    print(json.dumps(p.rows))


def cmd_urls(args):
    p = UrlRefs()
    with open(args.page, encoding="utf-8", errors="replace") as f:
        p.feed(f.read())
    p.close()
    print(json.dumps([{"where": w, "url": u} for w, u in p.refs]))


def cmd_inspect(args):
    url = page_url(args.page)
    with Browser() as b:
        tab = Tab(b.cdp)
        load_ms = tab.navigate(url)
        b.cdp.drain(args.settle)
        page = json.loads(tab.evaluate(PAGE_JS))
        plots = json.loads(tab.evaluate(PLOTS_JS))
        for p in plots:
            clip = clip_of(p)
            p["clip"] = clip
            if clip["width"] > 0 and clip["height"] > 0:
                p["stats"] = pixel_stats(tab.screenshot(clip))
            else:
                p["stats"] = None
        b.cdp.drain(0.2)  # anything the screenshots set off
        out = {
            "url": url, "load_ms": round(load_ms, 1),
            "requests": [{"url": e["request"]["url"], "type": e.get("type"),
                          "initiator": e.get("initiator", {}).get("type")}
                         for e in tab.events("Network.requestWillBeSent")],
            "failed": [{"errorText": e.get("errorText"),
                        "blockedReason": e.get("blockedReason"),
                        "requestId": e.get("requestId")}
                       for e in tab.events("Network.loadingFailed")],
            "log": [{"level": e["entry"].get("level"),
                     "source": e["entry"].get("source"),
                     "text": e["entry"].get("text"),
                     "url": e["entry"].get("url")}
                    for e in tab.events("Log.entryAdded")],
            "page": page, "plots": plots}
        print(json.dumps(out, indent=1))


def cmd_screenshot(args):
    url = page_url(args.page)
    with Browser() as b:
        tab = Tab(b.cdp, args.width, args.height)
        tab.navigate(url)
        if args.max_height:
            full = tab.evaluate("document.documentElement.scrollHeight")
            clip = {"x": 0, "y": 0, "width": args.width,
                    "height": min(int(full), args.max_height)}
        else:
            clip = {"x": 0, "y": 0, "width": args.width, "height": args.height}
        png = tab.screenshot(clip)
    tmp = args.out + ".tmp"
    with open(tmp, "wb") as f:
        f.write(png)
    os.replace(tmp, args.out)
    s = pixel_stats(png)
    print("%s: %dx%d, %d colours" % (args.out, s["width"], s["height"],
                                      s["distinct_colours"]))


def cmd_loadtime(args):
    url = page_url(args.page)
    with Browser() as b:
        tab = Tab(b.cdp)
        tab.navigate("about:blank", timeout=20)  # warm the renderer up
        ms = tab.navigate(url, timeout=args.timeout)
    print("%.0f" % ms)


def cmd_pngstat(args):
    with open(args.png, "rb") as f:
        print(json.dumps(pixel_stats(f.read())))


def png_encode(w, h, ch, rows, filters):
    """A PNG of `rows` with scanline y filtered by filters[y % len]:
    the encoder side of png_unfilter, for selftest only."""
    def chunk(kind, body):
        return (struct.pack("!I", len(body)) + kind + body
                + struct.pack("!I", zlib.crc32(kind + body) & 0xFFFFFFFF))
    bpp, raw, prev = ch, bytearray(), bytes(w * ch)
    for y, row in enumerate(rows):
        f = filters[y % len(filters)]
        out = bytearray(row)
        for i in range(len(row)):
            a = row[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if f == 1:
                pred = a
            elif f == 2:
                pred = b
            elif f == 3:
                pred = (a + b) >> 1
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
            else:
                pred = 0
            out[i] = (row[i] - pred) & 0xFF
        raw.append(f)
        raw += out
        prev = row
    ihdr = struct.pack("!IIBBBBB", w, h, 8, 2 if ch == 3 else 6, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr)
            + chunk(b"IDAT", zlib.compress(bytes(raw)))
            + chunk(b"IEND", b""))


def cmd_selftest(args):
    failures = []

    def expect(cond, what):
        if not cond:
            failures.append(what)

    # PNG: every filter type, both colour types, against known pixels.
    import random
    rnd = random.Random(0)
    for ch in (3, 4):
        w, h = 7, 10
        rows = [bytes(rnd.randrange(256) for _ in range(w * ch))
                for _ in range(h)]
        for filters in ([0], [1], [2], [3], [4], [0, 1, 2, 3, 4]):
            got = png_decode(png_encode(w, h, ch, rows, filters))
            expect(got == (w, h, ch, rows),
                   "png: colour channels %d filters %s" % (ch, filters))
    flat = [bytes([255, 255, 255] * 10)] * 9 + [bytes([255, 0, 0] * 5 + [0, 0, 255] * 5)]
    s = pixel_stats(png_encode(10, 10, 3, flat, [4]))
    expect(s["background"] == "#ffffff" and s["distinct_colours"] == 3
           and abs(s["differing_share"] - 0.1) < 1e-9, "pixel_stats: %s" % s)

    # WebSocket: a server's frames of each length form, fragmented, with
    # a ping in the middle, through a socket pair; and our masked frames.
    a, b = socket.socketpair()
    try:
        ws = WebSocket(a)
        big = os.urandom(70000)
        mid = b"m" * 300
        b.sendall(ws_frame(OP_TEXT, b"hi", mask=False)
                  + ws_frame(OP_BINARY, mid, mask=False)
                  + ws_frame(OP_BINARY, big, mask=False)
                  + ws_frame(OP_TEXT, b"frag", fin=False, mask=False)
                  + ws_frame(OP_PING, b"p", mask=False)
                  + ws_frame(OP_CONT, b"ment", fin=False, mask=True)
                  + ws_frame(OP_CONT, b"ed", mask=False))
        deadline = time.monotonic() + 5
        expect(ws.recv(deadline) == (OP_TEXT, b"hi"), "ws: 7-bit length")
        expect(ws.recv(deadline) == (OP_BINARY, mid), "ws: 16-bit length")
        expect(ws.recv(deadline) == (OP_BINARY, big), "ws: 64-bit length")
        expect(ws.recv(deadline) == (OP_TEXT, b"fragmented"),
               "ws: fragments around a ping")
        b.settimeout(5)
        pong = b.recv(64)
        expect(pong[0] == 0x80 | OP_PONG and pong[1] & 0x80
               and ws_mask(pong[6:], pong[2:6]) == b"p", "ws: masked pong")
        peer = WebSocket(b)
        ws.send_text("x" * 200)
        op, data = peer.recv(deadline)
        expect((op, data) == (OP_TEXT, b"x" * 200), "ws: masked 16-bit text")
        try:
            ws.recv(time.monotonic() + 0.2)
            expect(False, "ws: recv with nothing to read returned")
        except Timeout:
            pass
    finally:
        a.close()
        b.close()
    for f in failures:
        print("selftest FAIL: " + f)
    print("selftest: %d failed" % len(failures))
    if failures:
        sys.exit(EXIT_FAIL)


def on_signal(signum, _frame):
    if signum == signal.SIGALRM:
        raise Timeout("cdp.py: overall time limit reached")
    raise SystemExit(128 + signum)


def main(argv):
    import argparse
    ap = argparse.ArgumentParser(prog="cdp.py", description=__doc__.split("\n\n")[0])
    ap.add_argument("--timeout", type=float, default=120.0,
                    help="overall limit in seconds (default 120)")
    sub = ap.add_subparsers(dest="cmd", required=True)
    sub.add_parser("probe")
    p = sub.add_parser("dump-dom")
    p.add_argument("page")
    p = sub.add_parser("rows")
    p.add_argument("dom")
    p.add_argument("table_id")
    p.add_argument("row_class")
    p = sub.add_parser("urls")
    p.add_argument("page")
    p = sub.add_parser("inspect")
    p.add_argument("page")
    p.add_argument("--settle", type=float, default=0.5,
                   help="seconds to keep listening after load (default 0.5)")
    p = sub.add_parser("screenshot")
    p.add_argument("page")
    p.add_argument("out")
    p.add_argument("--width", type=int, default=WIDTH)
    p.add_argument("--height", type=int, default=HEIGHT)
    p.add_argument("--max-height", type=int, default=0,
                   help="capture the full page, cut to this many pixels")
    p = sub.add_parser("loadtime")
    p.add_argument("page")
    p = sub.add_parser("pngstat")
    p.add_argument("png")
    sub.add_parser("selftest")
    args = ap.parse_args(argv)

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGHUP, on_signal)
    signal.signal(signal.SIGALRM, on_signal)
    signal.alarm(max(1, int(args.timeout)))
    cmds = {"probe": cmd_probe, "dump-dom": cmd_dump_dom, "rows": cmd_rows,
            "urls": cmd_urls,
            "inspect": cmd_inspect, "screenshot": cmd_screenshot,
            "loadtime": cmd_loadtime, "pngstat": cmd_pngstat,
            "selftest": cmd_selftest}
    try:
        cmds[args.cmd](args)
    except NoBrowser as e:
        print("cdp.py: no browser: %s" % e, file=sys.stderr)
        return EXIT_NOBROWSER
    except (Timeout, CdpError, ConnectionError, OSError, ValueError) as e:
        print("cdp.py %s: %s: %s" % (args.cmd, type(e).__name__, e),
              file=sys.stderr)
        return EXIT_FAIL
    finally:
        signal.alarm(0)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
