/* SPDX-License-Identifier: GPL-2.0 */
/* results.db internals shared by ingest and the dashboard. */
#ifndef REPORT_DB_H
#define REPORT_DB_H

#include <stddef.h>
#include <sqlite3.h>

/* Open (creating the schema if needed). 0 or negative errno + message. */
int report_db_open(const char *path, sqlite3 **dbp, char *err, size_t errlen);

#endif
