// SPDX-License-Identifier: GPL-2.0
/*
 * The text of a trace remote's trace_pipe, one line at a time. The layout
 * is trace_remote_iter_print_event() in kernel/trace/trace_remote.c:
 *	"[%03d]\t%5llu.%06lu: " CPU, seconds.microseconds
 * then the event name, a space and the event's printk output ("k=v k=v"),
 * and in-band loss markers "CPU:%d [LOST %lu EVENTS]". Field names come
 * from the event's format file, so a value is found by name, not position.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "trace_int.h"

#define TEXTFMT_MAX_TYPES	64

struct trace_textfmt {
	unsigned int nr;
	struct trace_evtype types[TEXTFMT_MAX_TYPES];
};

/* mainline kvm_hypevents.h, enum hyp_enter_exit_reason (with HYP_REASON_SYS) */
static const char *const hyp_reasons[] = {
	"smc", "hvc", "sys", "psci", "host_abort", "guest_exit", "eret_host", "eret_guest",
};

/* "\tfield:unsigned long long iova;\toffset:8;\tsize:8;\tsigned:0;" */
static int format_parse(struct trace_evtype *t, char *text, const char *path)
{
	char *line, *save = NULL, *name, *end, *rest;
	unsigned int lineno = 0, size;
	int is_signed;

	t->id = -1;
	t->pid_offset = -1;
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		lineno++;
		if (!strncmp(line, "ID:", 3)) {
			t->id = strtol(line + 3, NULL, 10);
			continue;
		}
		name = strstr(line, "field:");
		if (!name)
			continue;
		end = strchr(name, ';');
		if (!end) {
			trace_err("%s:%u: field line without ';'\n", path, lineno);
			return -EINVAL;
		}
		*end = '\0';
		/* size and sign bound the values a line may give (value_fits()) */
		size = 0;
		is_signed = 0;
		rest = strstr(end + 1, "size:");
		if (rest)
			sscanf(rest, "size:%u;", &size);
		rest = strstr(end + 1, "signed:");
		if (rest)
			sscanf(rest, "signed:%d;", &is_signed);
		/* the name is the last word, minus any array suffix */
		end = strchr(name, '[');
		if (end)
			*end = '\0';
		end = name + strlen(name);
		while (end > name && end[-1] == ' ')
			*--end = '\0';
		name = strrchr(name, ' ');
		if (!name) {
			trace_err("%s:%u: field without a name\n", path, lineno);
			return -EINVAL;
		}
		name++;
		if (!strncmp(name, "common_", 7))
			continue;
		if (t->nr_fields == TRACE_MAX_FIELDS) {
			trace_err("%s:%u: more than %d fields\n", path, lineno, TRACE_MAX_FIELDS);
			return -E2BIG;
		}
		t->field[t->nr_fields] = strdup(name);
		if (!t->field[t->nr_fields])
			return -ENOMEM;
		t->field_len[t->nr_fields] = strlen(name);
		t->size[t->nr_fields] = size;
		t->is_signed[t->nr_fields] = is_signed;
		t->nr_fields++;
	}
	if (t->id < 0) {
		trace_err("%s: no 'ID:' line\n", path);
		return -EINVAL;
	}
	return 0;
}

void trace_textfmt_free(struct trace_textfmt *tf)
{
	unsigned int i, j;

	if (!tf)
		return;
	for (i = 0; i < tf->nr; i++) {
		for (j = 0; j < tf->types[i].nr_fields; j++)
			free(tf->types[i].field[j]);
		free(tf->types[i].system);
		free(tf->types[i].name);
	}
	free(tf);
}

struct trace_textfmt *trace_textfmt_load(const char *evdir, const char *system)
{
	struct trace_textfmt *tf = calloc(1, sizeof(*tf));
	char path[PATH_MAX], *text;
	struct dirent *de;
	struct trace_evtype *t;
	DIR *d;
	int ret = 0;

	if (!tf)
		return NULL;
	snprintf(path, sizeof(path), "%s/%s", evdir, system);
	d = opendir(path);
	if (!d) {
		ret = -errno;
		trace_err("%s: %s: a remote lists its events there\n", path, strerror(-ret));
		goto err;
	}
	while (!ret && (de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		if (snprintf(path, sizeof(path), "%s/%s/%s/format", evdir, system, de->d_name) >=
		    (int)sizeof(path))
			continue;
		if (file_read_all(path, &text, NULL))
			continue;	/* not an event directory */
		if (tf->nr == TEXTFMT_MAX_TYPES) {
			free(text);
			trace_err("%s/%s: more than %d events\n", evdir, system, TEXTFMT_MAX_TYPES);
			ret = -E2BIG;
			break;
		}
		t = &tf->types[tf->nr++];
		t->system = strdup(system);
		t->name = strdup(de->d_name);
		t->name_len = strlen(de->d_name);
		ret = (t->system && t->name) ? format_parse(t, text, path) : -ENOMEM;
		free(text);
	}
	closedir(d);
	if (ret)
		goto err;
	return tf;
err:
	trace_textfmt_free(tf);
	errno = -ret;
	return NULL;
}

static const struct trace_evtype *textfmt_find(const struct trace_textfmt *tf,
					       const char *name, size_t len)
{
	unsigned int i;

	for (i = 0; i < tf->nr; i++)
		if (tf->types[i].name_len == len && !memcmp(tf->types[i].name, name, len))
			return &tf->types[i];
	return NULL;
}

static int parse_uint(const char **p, const char *end, uint64_t *v)
{
	const char *s = *p;
	uint64_t x = 0;

	if (s == end || *s < '0' || *s > '9')
		return -EINVAL;
	while (s < end && *s >= '0' && *s <= '9') {
		/* a number past 2^64 - 1 is a bad line, never a wrapped value */
		if (x > (UINT64_MAX - (*s - '0')) / 10)
			return -ERANGE;
		x = x * 10 + (*s++ - '0');
	}
	*v = x;
	*p = s;
	return 0;
}

/* a value up to the next space: decimal, -decimal, 0xhex, or a hyp reason */
static int parse_value(const char *s, const char *end, uint64_t *v)
{
	bool neg = false;
	uint64_t x = 0;
	unsigned int i;
	int d, ret;

	if (end - s > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		for (s += 2; s < end; s++) {
			if (*s >= '0' && *s <= '9')
				d = *s - '0';
			else if ((*s | 0x20) >= 'a' && (*s | 0x20) <= 'f')
				d = (*s | 0x20) - 'a' + 10;
			else
				return -EINVAL;
			if (x >> 60)
				return -ERANGE;
			x = x << 4 | d;
		}
		*v = x;
		return 0;
	}
	if (s < end && *s == '-') {
		neg = true;
		s++;
	}
	if (s < end && *s >= '0' && *s <= '9') {
		ret = parse_uint(&s, end, &x);
		if (ret)
			return ret;
		if (s != end)
			return -EINVAL;
		if (neg && x > (uint64_t)INT64_MAX + 1)
			return -ERANGE;
		*v = neg ? -x : x;
		return 0;
	}
	for (i = 0; i < ARRAY_SIZE(hyp_reasons); i++)
		if ((size_t)(end - s) == strlen(hyp_reasons[i]) &&
		    !strncasecmp(s, hyp_reasons[i], end - s)) {
			*v = i;
			return 0;
		}
	return -EINVAL;
}

/* v as parsed fits the field's size: unsigned or hex up to 2^bits - 1, negative down to -2^(bits-1) */
static bool value_fits(const struct trace_evtype *t, int i, uint64_t v)
{
	unsigned int bits = t->size[i] * 8;

	if (!bits || bits >= 64)
		return true;
	if (v >> bits == 0)
		return true;
	/* a sign-extended negative value of a signed field */
	return t->is_signed[i] && (int64_t)v < 0 && (int64_t)v >= -(INT64_C(1) << (bits - 1));
}

/* "CPU:%d [LOST %lu EVENTS]" */
static int line_parse_lost(const char *p, const char *end, struct trace_rec *rec,
			   uint64_t *lost, const char **why)
{
	uint64_t cpu, x;

	p += 4;
	if (parse_uint(&p, end, &cpu) || cpu > INT_MAX || end - p < 7 ||
	    strncmp(p, " [LOST ", 7))
		goto bad_lost;
	p += 7;
	if (parse_uint(&p, end, &x) || end - p != 8 || strncmp(p, " EVENTS]", 8))
		goto bad_lost;
	rec->cpu = cpu;
	*lost = x;
	return TRACE_LINE_LOST;
bad_lost:
	*why = "expected 'CPU:N [LOST N EVENTS]'";
	return -EINVAL;
}

/* "[CPU]\t SECONDS.MICROSECONDS: name": rec's type, CPU and time; *pp past the name */
static int line_parse_head(const struct trace_textfmt *tf, const char **pp, const char *end,
			   struct trace_rec *rec, const char **why)
{
	const char *p = *pp, *name, *k;
	const struct trace_evtype *t;
	uint64_t cpu, sec, usec;

	if (*p++ != '[' || parse_uint(&p, end, &cpu) || cpu > INT_MAX || p == end || *p++ != ']' ||
	    p == end || *p++ != '\t') {
		*why = "expected '[CPU]\\t' at the start";
		return -EINVAL;
	}
	while (p < end && *p == ' ')
		p++;
	if (parse_uint(&p, end, &sec) || p == end || *p++ != '.') {
		*why = "expected a timestamp 'SECONDS.MICROSECONDS'";
		return -EINVAL;
	}
	k = p;
	if (parse_uint(&p, end, &usec) || p - k != 6 || end - p < 2 || p[0] != ':' ||
	    p[1] != ' ') {
		*why = "expected 6 digits of microseconds then ': '";
		return -EINVAL;
	}
	p += 2;
	name = p;
	while (p < end && *p != ' ')
		p++;
	t = textfmt_find(tf, name, p - name);
	if (!t) {
		*why = (p - name == 7 && !strncmp(name, "UNKNOWN", 7)) ?
		       "the remote printed an event id it does not know (UNKNOWN id=)" :
		       "event name not found under events/<system>/";
		return -EINVAL;
	}
	rec->type = t;
	rec->cpu = cpu;
	rec->pid = -1;
	/* usec < 10^6 (6 digits); past 2^64 - 1 ns the time would wrap */
	if (sec > (UINT64_MAX - usec * 1000ULL) / 1000000000ULL) {
		*why = "timestamp past 2^64 - 1 ns";
		return -EINVAL;
	}
	rec->ts_ns = sec * 1000000000ULL + usec * 1000ULL;
	*pp = p;
	return 0;
}

/* " k=v k=v ...": rec's values, fields absent from the line 0 */
static int line_parse_fields(const char *p, const char *end, struct trace_rec *rec,
			     const char **why)
{
	const struct trace_evtype *t = rec->type;
	const char *k, *eq, *v;
	int i, ret, hint = 0;

	memset(rec->val, 0, sizeof(rec->val[0]) * t->nr_fields);
	while (p < end) {
		if (*p++ != ' ') {
			*why = "expected ' ' between fields";
			return -EINVAL;
		}
		k = p;
		eq = NULL;
		while (p < end && *p != ' ') {
			if (*p == '=' && !eq)
				eq = p;
			p++;
		}
		if (!eq || eq == k) {
			*why = "expected 'field=value'";
			return -EINVAL;
		}
		v = eq + 1;
		/* fields usually come in format order: try the next one first */
		i = -1;
		if (hint < (int)t->nr_fields && t->field_len[hint] == eq - k &&
		    !memcmp(t->field[hint], k, eq - k))
			i = hint;
		else
			for (i = t->nr_fields - 1; i >= 0; i--)
				if (t->field_len[i] == eq - k && !memcmp(t->field[i], k, eq - k))
					break;
		if (i < 0) {
			*why = "field name not in the event's format file";
			return -EINVAL;
		}
		ret = parse_value(v, p, &rec->val[i]);
		if (ret) {
			*why = ret == -ERANGE ? "field value does not fit in 64 bits" :
			       "field value is not a number";
			return -EINVAL;
		}
		if (!value_fits(t, i, rec->val[i])) {
			*why = "field value does not fit the field's size in its format file";
			return -EINVAL;
		}
		hint = i + 1;
	}
	return TRACE_LINE_EVENT;
}

int trace_text_line_parse(const struct trace_textfmt *tf, const char *line, size_t len,
			  struct trace_rec *rec, uint64_t *lost, const char **why)
{
	const char *p = line, *end = line + len;
	int ret;

	while (end > p && (end[-1] == '\n' || end[-1] == '\r'))
		end--;
	if (p == end)
		return TRACE_LINE_BLANK;
	if (end - p > 4 && !strncmp(p, "CPU:", 4))
		return line_parse_lost(p, end, rec, lost, why);
	ret = line_parse_head(tf, &p, end, rec, why);
	if (ret)
		return ret;
	return line_parse_fields(p, end, rec, why);
}
