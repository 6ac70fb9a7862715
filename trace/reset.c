// SPDX-License-Identifier: GPL-2.0
/*
 * `smmubench reset`'s work (bench/cmd_reset.c parses its options): what a
 * killed run (SIGKILL, a crash) may leave behind: tracefs instances
 * smmubench-<pid>, probe groups smmubench_<pid> and spool dirs
 * /tmp/smmubench-spool-<pid>-* whose process is gone; a trace remote left
 * on is turned off.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <tracefs.h>

#include "common.h"
#include "trace_int.h"

/* name = PFX<pid>: is that process alive (and not us)? */
static bool owner_alive(const char *name, const char *pfx)
{
	char *end;
	long pid = strtol(name + strlen(pfx), &end, 10);

	if (*end || pid <= 0 || pid == getpid())
		return false;
	return !kill(pid, 0) || errno == EPERM;
}

/*
 * Is sys:ev listed before dev[n]? libtracefs 1.6 reads uprobe_events once
 * for UPROBE and again for URETPROBE (kprobe_events likewise), so every
 * probe comes twice; the copy would fail to go with ENOENT.
 */
static bool dynevent_seen(struct tracefs_dynevent **dev, unsigned int n, const char *sys,
			  const char *ev)
{
	unsigned int i;
	bool same;

	for (i = 0; i < n; i++) {
		char *s = NULL, *e = NULL;

		tracefs_dynevent_info(dev[i], &s, &e, NULL, NULL, NULL);
		same = s && e && !strcmp(s, sys) && !strcmp(e, ev);
		free(s);
		free(e);
		if (same)
			return true;
	}
	return false;
}

/* TRACE_SPOOL_PFX<pid>-XXXXXX dirs whose process is gone */
static unsigned int spool_reset(bool verbose)
{
	const char *base = strrchr(TRACE_SPOOL_PFX, '/') + 1;
	char path[PATH_MAX], *end;
	unsigned int n = 0;
	struct dirent *de;
	long pid;
	DIR *d;

	d = opendir("/tmp");
	if (!d)
		return 0;
	while ((de = readdir(d))) {
		if (strncmp(de->d_name, base, strlen(base)))
			continue;
		pid = strtol(de->d_name + strlen(base), &end, 10);
		if (*end != '-' || pid <= 0 || pid == getpid() ||
		    !kill(pid, 0) || errno == EPERM)
			continue;
		snprintf(path, sizeof(path), "/tmp/%s", de->d_name);
		if (!dir_remove_tree(path)) {
			n++;
			if (verbose)
				printf("removed spool %s\n", path);
		}
	}
	closedir(d);
	return n;
}

int trace_reset_leftovers(bool verbose)
{
	struct tracefs_dynevent **dev;
	struct tracefs_instance *inst;
	char **names, path[PATH_MAX];
	unsigned int i, removed = 0, alive = 0;
	int ret = 0;

	if (!tracefs_tracing_dir()) {
		trace_err("tracefs is not mounted: nothing to reset\n");
		return -ENOENT;
	}
	/* all instances, filtered here: libtracefs 1.6.4 leaks a regex_t per call */
	names = tracefs_instances(NULL);
	for (i = 0; names && names[i]; i++) {
		if (strncmp(names[i], TRACE_INSTANCE_PFX, strlen(TRACE_INSTANCE_PFX)))
			continue;
		if (owner_alive(names[i], TRACE_INSTANCE_PFX)) {
			alive++;
			if (verbose)
				printf("kept instance %s: its smmubench is still running\n", names[i]);
			continue;
		}
		inst = tracefs_instance_alloc(NULL, names[i]);
		if (!inst) {
			ret = -errno;
			continue;
		}
		tracefs_trace_off(inst);
		tracefs_event_disable(inst, NULL, NULL);
		if (tracefs_instance_destroy(inst)) {
			ret = -EBUSY;
			trace_err("cannot remove instance %s: %s\n", names[i], strerror(errno));
		} else {
			removed++;
			if (verbose)
				printf("removed instance %s\n", names[i]);
		}
		tracefs_instance_free(inst);
	}
	tracefs_list_free(names);
	/* probes: groups smmubench_<pid> whose process is gone */
	dev = tracefs_dynevent_get_all(TRACEFS_DYNEVENT_UPROBE | TRACEFS_DYNEVENT_URETPROBE |
				       TRACEFS_DYNEVENT_KPROBE | TRACEFS_DYNEVENT_KRETPROBE, NULL);
	for (i = 0; dev && dev[i]; i++) {
		char *sys = NULL, *ev = NULL;

		tracefs_dynevent_info(dev[i], &sys, &ev, NULL, NULL, NULL);
		if (!sys || !ev || strncmp(sys, TRACE_PROBE_PFX, strlen(TRACE_PROBE_PFX)) ||
		    owner_alive(sys, TRACE_PROBE_PFX) || dynevent_seen(dev, i, sys, ev)) {
			free(sys);
			free(ev);
			continue;
		}
		if (tracefs_dynevent_destroy(dev[i], true)) {
			ret = -EBUSY;
			trace_err("cannot remove probe %s:%s: %s\n", sys, ev, strerror(errno));
		} else {
			removed++;
			if (verbose)
				printf("removed probe %s:%s\n", sys, ev);
		}
		free(sys);
		free(ev);
	}
	tracefs_dynevent_list_free(dev);
	removed += spool_reset(verbose);
	snprintf(path, sizeof(path), "%s/remotes/hypervisor/tracing_on", tracefs_tracing_dir());
	if (!alive && !access(path, W_OK)) {
		char *v = NULL;

		if (!file_read_all(path, &v, NULL) && v[0] == '1' &&
		    !file_write_knob(path, "0") && verbose)
			printf("turned %s off\n", path);
		free(v);
	}
	if (verbose)
		printf("smmubench reset: %u object(s) removed%s\n", removed,
		       alive ? "; another smmubench is running, its objects were kept" : "");
	return ret;
}
