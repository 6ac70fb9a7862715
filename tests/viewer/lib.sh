# SPDX-License-Identifier: GPL-2.0
# Sourced by the tests that load a `--perfetto` timeline into speedscope
# (tests/e2e/trace_viewer.sh, tests/pkvm/check.sh). Needs O (build dir).
# viewer_ready: installs what the viewer needs (`make deps-viewer`: npm
#   packages into $VIEWER_DIR, default $O/viewer); 0, or 1 with the reason
#   to skip in $viewer_why (no node, npm or chromium; npm refused).
# viewer_load JSON OUT: speedscope's tracks in OUT, one line per track
#   "name<TAB>slices<TAB>frame=n,..." (tests/viewer/speedscope.js); 0 or 1,
#   its stderr in OUT.err.
viewer_here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
VIEWER_DIR=${VIEWER_DIR:-${O:-build}/viewer}
CHROMIUM=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}
export CHROMIUM
viewer_why=
viewer_ready() {
	command -v node >/dev/null || { viewer_why="no node (Debian package 'nodejs')"; return 1; }
	[ -n "$CHROMIUM" ] || { viewer_why="no Chromium (Debian package 'chromium'; 'make deps' installs it)"; return 1; }
	if ! bash "$viewer_here/install.sh" "$VIEWER_DIR" > "$VIEWER_DIR.log" 2>&1; then
		viewer_why="cannot install speedscope and playwright-core (make deps-viewer): $(tail -1 "$VIEWER_DIR.log")"
		return 1
	fi
}
viewer_load() {
	local ud
	ud=$(mktemp -d)
	timeout 300 node "$viewer_here/speedscope.js" "$VIEWER_DIR" "$1" "$ud" > "$2" 2> "$2.err"
	local rc=$?
	rm -rf "$ud"
	return $rc
}
# viewer_track OUT NAME-ERE: the "frame=n,..." list of the track whose name matches
viewer_track() { awk -F'\t' -v re="$2" '$1 ~ re { print $3 }' "$1"; }
# viewer_frames OUT FRAME: FRAME's slices summed over every track
viewer_frames() {
	awk -F'\t' -v f="$2" '{ n = split($3, a, ","); for (i = 1; i <= n; i++) {
		split(a[i], kv, "="); if (kv[1] == f) s += kv[2] } } END { print s + 0 }' "$1"
}
