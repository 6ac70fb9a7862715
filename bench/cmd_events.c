// SPDX-License-Identifier: GPL-2.0
/*
 * smmubench events: the EL2 event contract as users and kernel patches see
 * it. Lists events and fields with units, prints format files exactly as a
 * trace remote does, writes the EL2 hook header and lays out a directory
 * like remotes/hypervisor/ for tests and recorded samples.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "bench.h"
#include "hypev.h"

static void events_usage(FILE *f)
{
	fprintf(f,
		"usage: smmubench events [options]\n"
		"\n"
		"List the EL2 events of the SMMU designs (the contract between EL2\n"
		"and the collector), with field types and units.\n"
		"\n"
		"  -j, --json               machine-readable list\n"
		"  -f, --format EVENT       print EVENT's format file as a trace remote does\n"
		"      --header-page BYTES  print events/header_page for BYTES-sized sub-buffers\n"
		"      --header-event       print events/header_event\n"
		"      --hook-header        print the EL2 hook header for kernel patches\n"
		"      --remote-dir DIR     lay DIR out like <tracefs>/remotes/hypervisor/\n"
		"      --cpus N             per_cpu/cpuN directories for --remote-dir (default 4)\n"
		"  -h, --help               this text\n");
}

static int events_list(void)
{
	unsigned int i, j;

	printf("# smmubench events: %u events; every dur_ns/wait_ns is measured at EL2\n",
	       HYPEV_NR_EVENTS);
	for (i = 0; i < HYPEV_NR_EVENTS; i++) {
		const struct hypev_event_desc *ev = &hypev_event_descs[i];

		printf("\nhypervisor:%-16s design=%-8s  %s\n", ev->name,
		       hypev_design_name(ev->design), ev->summary);
		for (j = 0; j < ev->nr_fields; j++)
			printf("    %-4s %-12s [%s]\n", ev->fields[j].type, ev->fields[j].name,
			       hypev_unit_name(ev->fields[j].unit));
	}
	return 0;
}

static int events_json(void)
{
	struct json_object *arr = json_object_new_array();
	unsigned int i, j;

	if (!arr)
		return -ENOMEM;
	for (i = 0; i < HYPEV_NR_EVENTS; i++) {
		const struct hypev_event_desc *ev = &hypev_event_descs[i];
		struct json_object *o = json_object_new_object();
		struct json_object *fields = json_object_new_array();

		json_object_object_add(o, "name", json_object_new_string(ev->name));
		json_object_object_add(o, "system", json_object_new_string("hypervisor"));
		json_object_object_add(o, "design",
				       json_object_new_string(hypev_design_name(ev->design)));
		json_object_object_add(o, "summary", json_object_new_string(ev->summary));
		json_object_object_add(o, "size_bytes", json_object_new_int(ev->size));
		for (j = 0; j < ev->nr_fields; j++) {
			const struct hypev_field_desc *fd = &ev->fields[j];
			struct json_object *f = json_object_new_object();

			json_object_object_add(f, "name", json_object_new_string(fd->name));
			json_object_object_add(f, "type", json_object_new_string(fd->type));
			json_object_object_add(f, "unit",
					       json_object_new_string(hypev_unit_name(fd->unit)));
			json_object_object_add(f, "offset", json_object_new_int(fd->offset));
			json_object_object_add(f, "size", json_object_new_int(fd->size));
			json_object_object_add(f, "signed", json_object_new_boolean(fd->is_signed));
			json_object_array_add(fields, f);
		}
		json_object_object_add(o, "fields", fields);
		json_object_array_add(arr, o);
	}
	puts(json_object_to_json_string_ext(arr, JSON_C_TO_STRING_PRETTY));
	json_object_put(arr);
	return 0;
}

static int parse_uint(const char *opt, const char *s, unsigned int *out)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 0);
	if (errno || end == s || *end || v > 1u << 30) {
		fprintf(stderr, "smmubench events: %s: '%s' is not a number\n", opt, s);
		return -EINVAL;
	}
	*out = (unsigned int)v;
	return 0;
}

enum { OPT_HOOK = 256, OPT_HPAGE, OPT_HEVENT, OPT_REMOTE, OPT_CPUS };

/* What `smmubench events` was asked for. */
struct events_opts {
	const char *format, *remote;
	unsigned int hpage, cpus;
	bool json, hook, hevent;
};

/* ARGV into O: -1 to go on, else the exit status (0 after --help, 2 on a usage error). */
static int events_args_parse(int argc, char **argv, struct events_opts *o)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "format", required_argument, NULL, 'f' },
		{ "hook-header", no_argument, NULL, OPT_HOOK },
		{ "header-page", required_argument, NULL, OPT_HPAGE },
		{ "header-event", no_argument, NULL, OPT_HEVENT },
		{ "remote-dir", required_argument, NULL, OPT_REMOTE },
		{ "cpus", required_argument, NULL, OPT_CPUS },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "jf:h", opts, NULL)) != -1) {
		switch (c) {
		case 'j': o->json = true; break;
		case 'f': o->format = optarg; break;
		case OPT_HOOK: o->hook = true; break;
		case OPT_HPAGE:
			if (parse_uint("--header-page", optarg, &o->hpage))
				return 2;
			break;
		case OPT_HEVENT: o->hevent = true; break;
		case OPT_REMOTE: o->remote = optarg; break;
		case OPT_CPUS:
			if (parse_uint("--cpus", optarg, &o->cpus) || !o->cpus) {
				fprintf(stderr, "smmubench events: --cpus needs a number above 0\n");
				return 2;
			}
			break;
		case 'h':
			events_usage(stdout);
			return 0;
		default:
			events_usage(stderr);
			return 2;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "smmubench events: unexpected argument '%s'\n", argv[optind]);
		return 2;
	}
	return -1;
}

/* --format EVENT: its format file, as tracefs prints it. */
static int events_format(const char *format)
{
	const char *name = strncmp(format, "hypervisor:", 11) ? format : format + 11;
	const struct hypev_event_desc *ev = hypev_event_find(name);

	if (!ev) {
		fprintf(stderr, "smmubench events: no event '%s'; 'smmubench events' lists them\n",
			format);
		return 1;
	}
	return hypev_format_write(stdout, ev, ev->id) ? 1 : 0;
}

int bench_cmd_events(int argc, char **argv)
{
	struct events_opts o = { .cpus = 4 };
	int ret;

	ret = events_args_parse(argc, argv, &o);
	if (ret >= 0)
		return ret;
	if (o.format)
		return events_format(o.format);
	if (o.hook)
		return hypev_hook_header_write(stdout) ? 1 : 0;
	if (o.hpage) {
		ret = hypev_header_page_write(stdout, o.hpage);
		if (ret)
			fprintf(stderr, "smmubench events: --header-page %u: too small\n", o.hpage);
		return ret ? 2 : 0;
	}
	if (o.hevent)
		return hypev_header_event_write(stdout) ? 1 : 0;
	if (o.remote) {
		ret = hypev_remote_dir_create(o.remote, o.cpus, 4096);
		if (ret) {
			fprintf(stderr, "smmubench events: %s: %s\n", o.remote, strerror(-ret));
			return 1;
		}
		printf("%s: laid out like remotes/hypervisor/ with %u CPUs\n", o.remote, o.cpus);
		return 0;
	}
	return (o.json ? events_json() : events_list()) ? 1 : 0;
}
