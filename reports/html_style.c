// SPDX-License-Identifier: GPL-2.0
/*
 * The stylesheet every HTML page we write carries inline (report_doc.c,
 * dashboard_page.c): pages open from a file:// URL with no other file.
 */
#include "html_style.h"

const char report_html_style[] =
	"body{font-family:sans-serif;margin:1.5em;max-width:1300px;color:#222}"
	"h1{font-size:1.5em}h2{font-size:1.2em;border-bottom:1px solid #ccc;margin-top:2em}"
	"table{border-collapse:collapse;margin:.6em 0 1.2em}"
	"th,td{border:1px solid #bbb;padding:2px 8px;font-size:.9em}"
	"th{background:#eee}td.n{text-align:right;font-variant-numeric:tabular-nums}"
	"caption{text-align:left;font-weight:bold;padding:4px 0}"
	".warn{color:#c00;font-weight:bold}"
	".banner{border:2px solid #36c;background:#eef3ff;padding:.6em 1em;margin:1em 0}"
	"figure{margin:1em 0}figcaption{font-size:.9em;color:#444}"
	"img.plot{max-width:100%;height:auto;border:1px solid #ddd}";
