/* SPDX-License-Identifier: GPL-2.0 */
/* results.db internals shared by ingest and the dashboard. */
#ifndef REPORT_DB_H
#define REPORT_DB_H

#include <stddef.h>
#include <sqlite3.h>

/* Open for ingest (creating the schema if needed). 0 or negative errno + message. */
int report_db_open(const char *path, sqlite3 **dbp, char *err, size_t errlen);

/*
 * Open for reading only (SQLITE_OPEN_READONLY: works on a read-only file
 * or file system, never writes, never creates a schema). -EINVAL and a
 * message when the db lacks smmubench's tables or user_version 1.
 */
int report_db_open_ro(const char *path, sqlite3 **dbp, char *err, size_t errlen);

#endif
