// SPDX-License-Identifier: GPL-2.0
/*
 * Items a source was asked for but could not collect (a probe the kernel
 * refused), each with its reason: the kernel's own words from
 * <tracefs>/error_log when it wrote any, so "Invalid argument" becomes
 * "The symbol is not unique". The rest of the session goes on; the
 * missing items are listed on stderr, in `stat` and in summary.json.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "trace_int.h"

int trace_source_missing(struct trace_source *src, const char *item, const char *reason,
			 int error)
{
	struct trace_missing *m;

	trace_err("%s: not collected: %s; the rest goes on\n", item, reason);
	if (src->nr_missing == TRACE_MAX_MISSING)
		return -E2BIG;
	m = &src->missing[src->nr_missing];
	m->item = strdup(item);
	m->reason = strdup(reason);
	m->error = error;
	if (!m->item || !m->reason) {
		free((char *)m->item);
		free((char *)m->reason);
		return -ENOMEM;
	}
	src->nr_missing++;
	return 0;
}

/*
 * error_log entries, as kernel/trace/trace.c tracing_err_log_seq_show()
 * prints them (the probe parsers log "trace_kprobe: error: ..."):
 *
 *	[ 4808.615049] trace_uprobe: error: There is already the exact same probe event
 *	  Command: p:smmubench_123/sl /tmp/sleeper:0x1129
 *	           ^
 *
 * The last entry whose command defines GROUP/EVENT is the one of our write.
 */
int trace_error_log_reason(const char *error_log, const char *group, const char *event,
			   char *buf, size_t len)
{
	char *log, *line, *next, *err = NULL, *found = NULL, needle[256];
	size_t n, found_len = 0, err_len = 0;
	int ret;

	ret = file_read_all(error_log, &log, &n);
	if (ret)
		return ret;
	/* "p:GROUP/EVENT " or "r:GROUP/EVENT ": the space ends the name */
	snprintf(needle, sizeof(needle), ":%s/%s ", group, event);
	for (line = log; line && *line; line = next) {
		char *e;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if (line[0] == '[' && (e = strstr(line, "error: "))) {
			err = e + strlen("error: ");
			err_len = strlen(err);
		} else if (err && !strncmp(line, "  Command: ", 11) && strstr(line + 10, needle)) {
			found = err;
			found_len = err_len;
		}
	}
	ret = -ENOENT;
	if (found && found_len) {
		snprintf(buf, len, "%.*s", (int)found_len, found);
		ret = 0;
	}
	free(log);
	return ret;
}
