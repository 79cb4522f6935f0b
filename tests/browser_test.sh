#!/usr/bin/env bash
# tests/browser_test.sh - the HTML report in a real browser: Debian's
# chromium, headless, driven over the DevTools protocol by
# tests/browser/cdp.py (Python 3 standard library only; no npm, no pip).
# Usage: tests/browser_test.sh PATH/TO/portlens
#
# Checks, each counted; the last line is "browser: N passed, M failed":
#   page     portlens writes the page of samples/pcap/nmap-syn.pcap, and
#            Chromium loads it from file://
#   dom      `chromium --dump-dom`: table#scans has one tr.scan per scan,
#            each with the scanner's IP, technique and open ports, taken
#            from the report JSON (the test follows the data)
#   contract no <script>, the CSP, no external URL named in the file,
#            table#knocks (a tr.knock per knock) and table#ports, the
#            plots the contract names, each svg.plot role=img with an id
#            and followed by details.alt
#   plot ID  one per svg.plot: at 1280x800, a screenshot clipped to its
#            box is not blank (>= 2% of pixels differ from the most common
#            colour, >= 3 colours). Pixel statistics, no stored image.
#   network  the only request in the network log is the file:// page
#            itself (inline data: URLs are listed, not fetched); nothing
#            failed or was blocked
#   size     a 1M-flow capture (build/gen synretry 2000000) gives a page
#            under 5 MB; Chromium's load time is printed, never asserted
#   selftest cdp.py's WebSocket framing and PNG filters
# Skips (exit 0, "browser: skipped (why)") when PORTLENS_NO_BROWSER is
# set, when chromium is not installed (make test-deps installs it), or
# when it does not start here.
# BROWSER_TEST_PAGE=FILE.html checks that page instead of the one portlens
# writes (the report JSON still comes from nmap-syn.pcap): for trying a
# renderer's output, or a hand-made page, without rebuilding.
set -u
bin=$(readlink -f "${1:?usage: browser_test.sh PORTLENS}")
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
cdp=$here/browser/cdp.py
t_start=$(date +%s)

skip() {
	echo "browser: skipped ($*)"
	echo "browser: 0 passed, 0 failed"
	exit 0
}
[ -n "${PORTLENS_NO_BROWSER:-}" ] && skip "PORTLENS_NO_BROWSER is set"
command -v python3 >/dev/null 2>&1 || skip "no python3"
command -v timeout >/dev/null 2>&1 || skip "no timeout(1)"
if [ -n "${CHROMIUM:-}" ]; then
	command -v "$CHROMIUM" >/dev/null 2>&1 || skip "CHROMIUM=$CHROMIUM not found"
elif ! command -v chromium >/dev/null 2>&1 && ! command -v chromium-browser >/dev/null 2>&1; then
	skip "chromium not installed; make test-deps installs it"
fi

tmp=$(mktemp -d /tmp/portlens-browser-XXXXXX)
# cdp.py puts Chromium's profile under TMPDIR, so everything lands here.
export TMPDIR=$tmp
cleanup() {
	# cdp.py kills its Chromium itself; this is for a cdp.py that was
	# killed hard: any process naming our temp dir, by pid.
	local p
	for p in /proc/[0-9]*; do
		{ tr '\0' ' ' <"$p/cmdline"; } 2>/dev/null | grep -qF -- "$tmp" &&
			kill -9 "${p#/proc/}" 2>/dev/null
	done
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# run_cdp SECONDS SUBCOMMAND ARGS...: cdp.py with its own time limit, and
# timeout(1) a little later in case Python itself hangs.
run_cdp() {
	local secs=$1
	shift
	timeout -k 5 $((secs + 15)) python3 "$cdp" --timeout "$secs" "$@"
}

probe=$(run_cdp 60 probe 2>&1)
case $? in
0) echo "browser: $probe" ;;
*) skip "chromium does not start: $(echo "$probe" | tail -1 | cut -c1-300)" ;;
esac

pass=0 fail=0
ok() { pass=$((pass + 1)); echo "browser ok: $*"; }
bad() { fail=$((fail + 1)); echo "browser FAIL: $*"; }
# judge: reads "ok TEXT" / "FAIL TEXT" lines (from the Python checks).
judge() {
	local verdict text
	while read -r verdict text; do
		case $verdict in
		ok) ok "$text" ;;
		FAIL) bad "$text" ;;
		*) echo "browser: $verdict $text" ;;
		esac
	done
}

# ---- page: write it, load it from file:// --------------------------------
page=$tmp/P.html report=$tmp/R.json
if "$bin" read -q --seed 0 --no-system-services --html "$page" -o "$report" \
	"$root/samples/pcap/nmap-syn.pcap" 2>"$tmp/err" && [ -s "$page" ] && [ -s "$report" ]; then
	ok "page: portlens wrote $(wc -c <"$page") bytes of HTML for nmap-syn.pcap"
else
	bad "page: portlens read --html failed: $(head -c 300 "$tmp/err")"
fi
if [ -n "${BROWSER_TEST_PAGE:-}" ]; then
	echo "browser: checking BROWSER_TEST_PAGE=$BROWSER_TEST_PAGE instead"
	cp "$BROWSER_TEST_PAGE" "$page" || bad "page: cannot read $BROWSER_TEST_PAGE"
fi

if [ -s "$page" ] && run_cdp 90 inspect "$page" >"$tmp/inspect.json" 2>"$tmp/err"; then
	ok "page: loaded from file:// in $(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["load_ms"])' "$tmp/inspect.json") ms"
else
	bad "page: Chromium could not load it: $(tail -c 300 "$tmp/err")"
	echo '{}' >"$tmp/inspect.json"
fi
if [ -s "$page" ] && run_cdp 60 dump-dom "$page" >"$tmp/dom.html" 2>"$tmp/err"; then
	python3 "$cdp" rows "$tmp/dom.html" scans scan >"$tmp/scans.json"
	python3 "$cdp" rows "$tmp/dom.html" knocks knock >"$tmp/knocks.json"
else
	bad "dom: chromium --dump-dom failed: $(tail -c 300 "$tmp/err")"
	: >"$tmp/dom.html"
	echo '[]' >"$tmp/scans.json"
	echo '[]' >"$tmp/knocks.json"
fi
python3 "$cdp" urls "$page" >"$tmp/urls.json" 2>/dev/null || echo '[]' >"$tmp/urls.json"
[ -s "$report" ] || echo '{"scans": [], "knocks": []}' >"$report"

# ---- dom, contract, plots, network: judged from what cdp.py collected ----
python3 - "$report" "$tmp/inspect.json" "$tmp/dom.html" "$tmp/scans.json" \
	"$tmp/knocks.json" "$tmp/urls.json" "$page" >"$tmp/verdicts" 2>&1 <<'EOF'
import json, re, sys
from pathlib import Path
report, insp, dom = json.load(open(sys.argv[1])), json.load(open(sys.argv[2])), open(sys.argv[3], errors="replace").read()
scan_rows, knock_rows, urls = (json.load(open(a)) for a in sys.argv[4:7])
page_url = Path(sys.argv[7]).resolve().as_uri()

def say(good, text):
    print(("ok " if good else "FAIL ") + " ".join(str(text).split()))

def has_word(text, word):
    """word as a token: not inside a longer number or address."""
    return re.search(r"(?<![\w.])%s(?![\w])" % re.escape(str(word)), text, re.I) is not None

# dom: one tr.scan per scan, each with its IP, technique and open ports.
scans = report.get("scans", [])
problems = []
if len(scan_rows) != len(scans):
    problems.append("%d tr.scan rows for %d scans" % (len(scan_rows), len(scans)))
for s in scans:
    sc = s["portlens"]["scan"]
    # a distributed scan has no source.ip: its row names its sources
    ip = s.get("source", {}).get("ip") or sc.get("sources", {}).get("list", ["?"])[0]
    tech = sc["technique"]
    ports = sc["open_ports"]["tcp"] + sc["open_ports"]["udp"]
    want = [ip, tech] + ports
    if not any(all(has_word(r, w) for w in want) for r in scan_rows):
        near = [r for r in scan_rows if has_word(r, ip)]
        problems.append("no row with %s (row(s) with the IP: %s)"
                        % (" ".join(map(str, want)), near[:2] or "none"))
say(not problems and scans, "dom: table#scans shows %s" % (
    "; ".join(problems) if problems else
    "; ".join("%s %s open %s" % (s.get("source", {}).get("ip", "(sources)"), s["portlens"]["scan"]["technique"],
              ",".join(map(str, s["portlens"]["scan"]["open_ports"]["tcp"] + s["portlens"]["scan"]["open_ports"]["udp"])))
              for s in scans) or "no scan in the report"))

# contract: what the renderer promises, each part named when missing.
page = insp.get("page") or {}
plots = insp.get("plots") or []
miss = []
if re.search(r"<script\b", dom, re.I) or page.get("scripts"):
    miss.append("a <script>")
csp = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
if not any(" ".join(c.split()) == csp for c in page.get("csp", [])):
    miss.append("the CSP meta (found %s)" % page.get("csp"))
ext = [u for u in urls if not (u["url"].startswith("#") or u["url"].lower().startswith("data:"))]
if ext:
    miss.append("URLs named: %s" % ", ".join("%s %s" % (u["where"], u["url"]) for u in ext[:5]))
if len(knock_rows) != len(report.get("knocks", [])):
    miss.append("%d tr.knock rows for %d knocks" % (len(knock_rows), len(report.get("knocks", []))))
if not page.get("ports_table"):
    miss.append("table#ports")
ids = [p.get("id") or "" for p in plots]
for want in ("timeline-packets", "timeline-bytes", "port-classes", "conn-states"):
    if want not in ids:
        miss.append("svg.plot#" + want)
nscan = len([i for i in ids if re.fullmatch(r"scan-\d+-ports", i)])
if nscan != len(scans):
    miss.append("%d svg.plot#scan-N-ports for %d scans" % (nscan, len(scans)))
for p in plots:
    name = p.get("id") or "(no id)"
    if not p.get("id"):
        miss.append("an svg.plot without id")
    if p.get("role") != "img":
        miss.append("%s: role=%s" % (name, p.get("role")))
    if not (p.get("next") or "").startswith("details") or "alt" not in (p.get("next") or "").split(".")[1:]:
        miss.append("%s: followed by %s, not details.alt" % (name, p.get("next")))
say(not miss and insp, "contract: " + ("; ".join(miss) if miss else
    "no script, CSP, no URL, %d knock rows, table#ports, %d plots with role=img and details.alt" % (len(knock_rows), len(plots))))

# plot ID: each plot's screenshot is not blank.
for p in plots:
    s, name = p.get("stats"), p.get("id") or "(no id)"
    if not s:
        say(False, "plot %s: empty box %s" % (name, p.get("clip")))
        continue
    good = s["differing_share"] >= 0.02 and s["distinct_colours"] >= 3
    say(good, "plot %s: %dx%d px, %.1f%% differ from %s, %d colours" % (
        name, s["width"], s["height"], 100 * s["differing_share"],
        s["background"], s["distinct_colours"]))
if insp and not plots:
    say(False, "plot: no svg.plot on the page")

# network: the page itself and nothing else.
reqs = insp.get("requests")
if reqs is not None:
    other = [r for r in reqs if r["url"] != page_url and not r["url"].startswith("data:")]
    inline = [r for r in reqs if r["url"].startswith("data:")]
    nav = [r for r in reqs if r["url"] == page_url]
    blocked = [e for e in insp.get("log", []) if e.get("source") == "security"]
    good = len(nav) == 1 and not other and not insp.get("failed") and not blocked
    say(good, "network: %d request(s): %s%s%s%s" % (
        len(reqs), ", ".join("%s %s" % (r["type"], r["url"][:80]) for r in (nav + other)[:6]),
        " (+%d inline data:)" % len(inline) if inline else "",
        "; failed: %s" % insp["failed"][:3] if insp.get("failed") else "",
        "; blocked: %s" % [e["text"][:120] for e in blocked[:2]] if blocked else ""))
EOF
[ $? -eq 0 ] || bad "judge: the checks' Python failed: $(tail -3 "$tmp/verdicts")"
judge <"$tmp/verdicts"

# ---- size: the page of 1M flows -------------------------------------------
gen=$(dirname "$bin")/gen
if [ ! -x "$gen" ]; then
	gen=$root/build/gen
	[ -x "$gen" ] || make -s -C "$root" --no-print-directory build/gen >/dev/null 2>&1
fi
if [ ! -x "$gen" ]; then
	bad "size: no $gen (make build/gen)"
elif ! "$gen" synretry 2000000 "$tmp/big.pcap" >/dev/null 2>"$tmp/err"; then
	bad "size: gen synretry failed: $(head -c 300 "$tmp/err")"
elif ! "$bin" read -q --html "$tmp/big.html" -o /dev/null "$tmp/big.pcap" 2>"$tmp/err"; then
	bad "size: portlens read --html of 1M flows failed: $(head -c 300 "$tmp/err")"
else
	rm -f "$tmp/big.pcap"
	size=$(wc -c <"$tmp/big.html")
	if [ "$size" -lt $((5 * 1000 * 1000)) ]; then
		ok "size: 1M-flow page is $size bytes (< 5 MB)"
	else
		bad "size: 1M-flow page is $size bytes (>= 5 MB)"
	fi
	if ms=$(run_cdp 120 loadtime "$tmp/big.html" 2>"$tmp/err"); then
		echo "browser: 1M-flow page: $size bytes, Chromium load (navigate -> loadEventFired) $ms ms"
	else
		bad "size: Chromium did not load the 1M-flow page: $(tail -c 300 "$tmp/err")"
	fi
fi

if out=$(python3 "$cdp" --timeout 30 selftest 2>&1); then
	ok "selftest: WebSocket framing and PNG filters"
else
	bad "selftest: $out"
fi

echo "browser: took $(($(date +%s) - t_start)) s"
echo "browser: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
