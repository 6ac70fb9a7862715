// SPDX-License-Identifier: GPL-2.0
// speedscope.js VIEWER_DIR PROFILE.json USER_DATA_DIR: loads PROFILE (a
// Chrome trace-event JSON, `--perfetto`) into speedscope under headless
// Chromium, as a person would: speedscope's static files and the profile
// are served from 127.0.0.1 (an ephemeral port, this process only), the
// page is opened at index.html#profileURL=..., and once speedscope shows
// the profile its own Export button is pressed. What it exported (its file
// format: shared.frames[], profiles[] of "O"/"C" events) is reduced to what
// it shows: one line per track (a profile: "name<TAB>slices<TAB>frame=n,...")
// on stdout, the frame name cut before its args. Exit 1 with the reason.
'use strict';
const http = require('http');
const fs = require('fs');
const path = require('path');


const [viewerDir, profile, userData] = process.argv.slice(2).map(a => a && path.resolve(a));
if (!viewerDir || !profile || !userData) {
	console.error('usage: speedscope.js VIEWER_DIR PROFILE.json USER_DATA_DIR');
	process.exit(2);
}
const { chromium } = require(path.join(viewerDir, 'node_modules', 'playwright-core'));
const root = path.join(viewerDir, 'node_modules', 'speedscope', 'dist', 'release');
const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css',
	'.json': 'application/json', '.wasm': 'application/wasm', '.png': 'image/png' };

function serve(req, res) {
	const url = decodeURIComponent(req.url.split('?')[0]);
	const file = url === '/profile.json' ? profile : path.join(root, path.normalize(url));
	if (url !== '/profile.json' && !file.startsWith(root)) {
		res.writeHead(403);
		return res.end();
	}
	fs.readFile(file, (err, data) => {
		if (err) {
			res.writeHead(404);
			return res.end();
		}
		res.writeHead(200, { 'Content-Type': types[path.extname(file)] || 'application/octet-stream',
			'Access-Control-Allow-Origin': '*' });
		res.end(data);
	});
}

async function main() {
	const server = http.createServer(serve);
	await new Promise(r => server.listen(0, '127.0.0.1', r));
	const base = `http://127.0.0.1:${server.address().port}`;
	const ctx = await chromium.launchPersistentContext(userData, {
		executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
		headless: true, acceptDownloads: true, timeout: 60000,
		args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
			'--disable-background-networking', '--disable-component-update', '--disable-sync'],
	});
	try {
		const page = ctx.pages()[0] || await ctx.newPage();
		const errors = [];
		page.on('pageerror', e => errors.push(String(e)));
		await page.goto(`${base}/index.html#profileURL=${encodeURIComponent(base + '/profile.json')}`);
		// speedscope shows the Export button once a profile is loaded
		const exp = page.getByText('Export', { exact: false }).first();
		await exp.waitFor({ timeout: 60000 });
		const [dl] = await Promise.all([page.waitForEvent('download', { timeout: 60000 }), exp.click()]);
		const out = JSON.parse(fs.readFileSync(await dl.path(), 'utf8'));
		const frames = out.shared.frames.map(f => f.name.replace(/ \{.*$/, ''));
		for (const p of out.profiles) {
			const by = {};
			let n = 0;
			for (const e of p.events || []) {
				if (e.type !== 'O')
					continue;
				n++;
				by[frames[e.frame]] = (by[frames[e.frame]] || 0) + 1;
			}
			const list = Object.keys(by).sort().map(k => `${k}=${by[k]}`).join(',');
			console.log(`${p.name}\t${n}\t${list}`);
		}
		if (errors.length)
			console.error(`page errors: ${errors.join('; ')}`);
	} finally {
		await ctx.close();
		server.close();
	}
}

main().catch(e => { console.error(`speedscope.js: ${e.message}`); process.exit(1); });
