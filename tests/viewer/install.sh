#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# install.sh DIR: the offline timeline viewer test's npm packages
# (`make deps-viewer`): speedscope (a static web app that imports the
# Chrome trace-event JSON of `--perfetto`) and playwright-core (drives
# Debian's chromium; it downloads no browser of its own), installed into
# DIR/node_modules with npm. Versions are pinned; an install already there
# is kept. Says what it did; exit 1 with npm's reason when it cannot.
set -eu
dir=${1:?usage: install.sh DIR}
SPEEDSCOPE=1.25.0
PLAYWRIGHT=1.57.0
have() { # package version
	[ "$(sed -n 's/^  "version": "\(.*\)",$/\1/p' "$dir/node_modules/$1/package.json" 2>/dev/null)" = "$2" ]
}
if have speedscope $SPEEDSCOPE && have playwright-core $PLAYWRIGHT; then
	echo "deps-viewer: speedscope $SPEEDSCOPE and playwright-core $PLAYWRIGHT present in $dir"
	exit 0
fi
command -v npm >/dev/null || { echo "deps-viewer: no npm (Debian package 'npm')" >&2; exit 1; }
mkdir -p "$dir"
[ -f "$dir/package.json" ] || echo '{ "name": "smmubench-viewer", "private": true }' > "$dir/package.json"
if ! PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm install --prefix "$dir" --no-audit --no-fund \
	--no-save --loglevel=error "speedscope@$SPEEDSCOPE" "playwright-core@$PLAYWRIGHT" \
	> "$dir/npm.log" 2>&1; then
	echo "deps-viewer: npm install failed: $(grep -v '^$' "$dir/npm.log" | tail -1)" >&2
	exit 1
fi
echo "deps-viewer: installed speedscope $SPEEDSCOPE and playwright-core $PLAYWRIGHT into $dir"
