// SPDX-License-Identifier: GPL-2.0
/*
 * Every tracefs file the collector writes is recorded first, so the
 * original value goes back on every exit path (rtla does the same).
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common.h"
#include "trace_int.h"

struct knob {
	char *path;
	char *orig;
};

struct trace_knobs {
	struct knob *k;
	unsigned int nr, cap;
};

struct trace_knobs *trace_knobs_new(void)
{
	return calloc(1, sizeof(struct trace_knobs));
}

/* buffer_size_kb reads "7 (unloaded)", "1024 (expanded: ...)": keep the number */
static void knob_clean(char *v)
{
	size_t n = strcspn(v, " \n");

	v[n] = '\0';
}

int trace_knob_set(struct trace_knobs *k, const char *path, const char *val)
{
	struct knob *nk;
	char *orig;
	int ret;

	ret = file_read_all(path, &orig, NULL);
	if (ret) {
		trace_err("%s: %s\n", path, strerror(-ret));
		return ret;
	}
	knob_clean(orig);
	if (!strcmp(orig, val)) {
		free(orig);
		return 0;
	}
	if (k->nr == k->cap) {
		k->cap = k->cap ? k->cap * 2 : 16;
		nk = realloc(k->k, k->cap * sizeof(*nk));
		if (!nk) {
			free(orig);
			return -ENOMEM;
		}
		k->k = nk;
	}
	ret = file_write_knob(path, val);
	if (ret) {
		free(orig);
		if (ret == -EBUSY && strstr(path, "buffer_size_kb"))
			trace_err("%s: %s: the buffer is loaded (tracing was on or a reader "
				  "is open) and can be resized only while unloaded; stop the "
				  "other user, run 'smmubench reset', then retry\n", path,
				  strerror(-ret));
		else
			trace_err("%s: writing '%s': %s\n", path, val, strerror(-ret));
		return ret;
	}
	k->k[k->nr].path = strdup(path);
	k->k[k->nr].orig = orig;
	if (!k->k[k->nr].path) {
		free(orig);
		return -ENOMEM;
	}
	k->nr++;
	return 0;
}

int trace_knobs_buffer_kb(struct trace_knobs *k, const char *dir, unsigned int kb)
{
	char path[PATH_MAX], val[16], *cur;
	unsigned long have;
	bool loaded;
	int ret;

	snprintf(path, sizeof(path), "%s/buffer_size_kb", dir);
	snprintf(val, sizeof(val), "%u", kb);
	ret = file_read_all(path, &cur, NULL);
	if (ret == -ENOENT) {
		trace_err("%s: %s: the buffer keeps the size it has (lost events are "
			  "counted)\n", path, strerror(-ret));
		return 0;
	}
	if (ret) {
		trace_err("%s: %s\n", path, strerror(-ret));
		return ret;
	}
	/* "7 (unloaded)", "1024 (loaded)" (Android, remotes); "1408" (instances) */
	have = strtoul(cur, NULL, 10);
	loaded = strstr(cur, "(loaded)");
	free(cur);
	if (loaded && have != kb) {
		trace_err("%s: reads %lu (loaded): the buffer is in use (tracing on, a "
			  "reader open, or events left unread) and keeps its size until it "
			  "unloads, so %u KiB would not apply; turn tracing off (echo 0 > "
			  "%s/tracing_on), discard what is left (echo > %s/trace), stop other "
			  "readers, then retry\n", path, have, kb, dir, dir);
		return -EBUSY;
	}
	return trace_knob_set(k, path, val);
}

void trace_knobs_restore(struct trace_knobs *k)
{
	int ret;

	if (!k)
		return;
	while (k->nr) {
		struct knob *e = &k->k[--k->nr];

		ret = file_write_knob(e->path, e->orig);
		if (ret && ret != -ENOENT)
			trace_err("%s: restoring '%s': %s\n", e->path, e->orig, strerror(-ret));
		free(e->path);
		free(e->orig);
	}
}

void trace_knobs_free(struct trace_knobs *k)
{
	if (!k)
		return;
	trace_knobs_restore(k);
	free(k->k);
	free(k);
}

int trace_knobs_events_enable(struct trace_knobs *k, const char *dir, const char *system,
			      char *const *events, unsigned int nr)
{
	char path[PATH_MAX];
	unsigned int i;
	int ret;

	for (i = 0; i < nr; i++) {
		const char *ev = strchr(events[i], ':');

		if (!ev)
			return -EINVAL;
		ev++;
		if (system)
			snprintf(path, sizeof(path), "%s/events/%s/%s/enable", dir, system, ev);
		else
			snprintf(path, sizeof(path), "%s/events/%.*s/%s/enable", dir,
				 (int)(ev - 1 - events[i]), events[i], ev);
		if (access(path, W_OK)) {
			trace_err("%s: %s: no event %s there\n", path, strerror(errno), events[i]);
			return -ENOENT;
		}
		ret = trace_knob_set(k, path, "1");
		if (ret)
			return ret;
	}
	return 0;
}
