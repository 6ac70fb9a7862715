/* SPDX-License-Identifier: GPL-2.0 */
/* The one stylesheet of the report's and the dashboard's HTML pages. */
#ifndef REPORTS_HTML_STYLE_H
#define REPORTS_HTML_STYLE_H

extern const char report_html_style[];

#endif
