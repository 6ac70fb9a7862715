#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# A real browser renders the report: headless Chromium loads index.html,
# takes a screenshot (must not be blank) and dumps the DOM (must carry the
# report's title and its embedded plots). Skips when Chromium is missing.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
. "$here/report_fixtures.bash"

browser=
for b in chromium chromium-browser google-chrome; do
	command -v "$b" >/dev/null 2>&1 && { browser=$b; break; }
done
if [ -z "$browser" ]; then
	skip "no Chromium (Debian package 'chromium'; 'make deps' installs it)"
	done_testing
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fx_runs "$tmp"
"$SMMUBENCH" report -o "$tmp/rep" "$tmp/hw-native" "$tmp/model-pv" >/dev/null 2>&1
is "report written" "$?" 0

chrome() {
	timeout 120 "$browser" --headless --no-sandbox --disable-gpu \
		--disable-background-networking --disable-component-update --disable-sync \
		--no-first-run --user-data-dir="$tmp/profile" "$@" 2>>"$tmp/chrome.log"
}
chrome --window-size=1280,2000 --screenshot="$tmp/shot.png" "file://$tmp/rep/index.html" >/dev/null
check "screenshot taken" test -s "$tmp/shot.png"
# non-blank: a rendered page has many distinct colours; a blank one has one
colours=$(python3 - "$tmp/shot.png" <<'PY'
import sys, zlib, struct
data = open(sys.argv[1], 'rb').read()
assert data[:8] == b'\x89PNG\r\n\x1a\n'
pos, idat, w, h, ct = 8, b'', 0, 0, 0
while pos < len(data):
    n, = struct.unpack('>I', data[pos:pos + 4]); t = data[pos + 4:pos + 8]
    body = data[pos + 8:pos + 8 + n]; pos += 12 + n
    if t == b'IHDR': w, h, _, ct = struct.unpack('>IIBB', body[:10])
    elif t == b'IDAT': idat += body
raw = zlib.decompress(idat)
bpp = 4 if ct == 6 else 3
stride = w * bpp + 1
# distinct byte triples at sample points of the (filtered) scanlines: a
# uniform page gives 1-2 whatever the PNG filter (checked: an empty page
# gives 2), a rendered report hundreds
seen = set()
for y in range(0, h, 7):
    line = raw[y * stride + 1:(y + 1) * stride]
    for x in range(0, w * bpp, bpp * 13):
        seen.add(line[x:x + 3])
print(len(seen))
PY
)
[ "${colours:-0}" -gt 20 ] && ok "screenshot is not blank ($colours distinct samples)" ||
	fail "screenshot looks blank ($colours distinct samples)"
dom=$(chrome --dump-dom "file://$tmp/rep/index.html")
like "DOM has the report title" "$dom" '<title>smmubench report: hw-native model-pv</title>'
like "DOM has the latency table" "$dom" '<caption>dmabench granule=1 threads=1: latency per op</caption>'
is "DOM has every plot" "$(printf '%s' "$dom" | grep -o '<img class="plot"' | wc -l)" \
	"$(ls "$tmp"/rep/plots/*.svg | wc -l)"
if [ -n "${REPORT_SCREENSHOT:-}" ]; then cp "$tmp/shot.png" "$REPORT_SCREENSHOT"; fi
done_testing
