// SPDX-License-Identifier: GPL-2.0
/*
 * Platform profile loader: INI through inih, one section per figure with
 * value, unit, range and source; every figure checked for presence, unit
 * and range, errors naming file, line and field.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <ini.h>

#include "model_profile.h"

static const char *const fig_names[] = {
#define MODEL_FIG_NAME(name, unit) #name,
	MODEL_FIGURES(MODEL_FIG_NAME)
#undef MODEL_FIG_NAME
};

static const char *const fig_units[] = {
#define MODEL_FIG_UNIT(name, unit) #unit,
	MODEL_FIGURES(MODEL_FIG_UNIT)
#undef MODEL_FIG_UNIT
};

const char *model_figure_name(enum model_figure f)
{
	return f < MODEL_NR_FIGURES ? fig_names[f] : "?";
}

const char *model_figure_unit(enum model_figure f)
{
	return f < MODEL_NR_FIGURES ? fig_units[f] : "?";
}

struct profile_parse {
	struct model_profile *p;
	char msg[256];
};

static int parse_u64(const char *s, uint64_t *v)
{
	char *end;

	errno = 0;
	if (!*s || *s == '-')
		return -EINVAL;
	*v = strtoull(s, &end, 0);
	if (errno || *end)
		return -EINVAL;
	return 0;
}

static int profile_handler(void *user, const char *section, const char *name,
			   const char *value)
{
	struct profile_parse *pp = user;
	struct model_figure_val *fv;
	unsigned int i;

	if (!strcmp(section, "profile")) {
		if (!strcmp(name, "name")) {
			snprintf(pp->p->name, sizeof(pp->p->name), "%s", value);
			return 1;
		}
		if (!strcmp(name, "description"))
			return 1;
		snprintf(pp->msg, sizeof(pp->msg), "[profile] %s: unknown key", name);
		return 0;
	}
	for (i = 0; i < MODEL_NR_FIGURES; i++)
		if (!strcmp(section, fig_names[i]))
			break;
	if (i == MODEL_NR_FIGURES) {
		snprintf(pp->msg, sizeof(pp->msg), "[%s]: not a figure the model knows", section);
		return 0;
	}
	fv = &pp->p->fig[i];
	if (!strcmp(name, "value")) {
		if (parse_u64(value, &fv->value)) {
			snprintf(pp->msg, sizeof(pp->msg),
				 "[%s] value: '%s' is not a non-negative integer", section, value);
			return 0;
		}
		fv->set = true;
	} else if (!strcmp(name, "unit")) {
		if (strcmp(value, fig_units[i])) {
			snprintf(pp->msg, sizeof(pp->msg), "[%s] unit: '%s', the model needs '%s'",
				 section, value, fig_units[i]);
			return 0;
		}
		fv->has_unit = true;
	} else if (!strcmp(name, "range")) {
		char lo[32], hi[32];
		const char *dots = strstr(value, "..");

		if (!dots || dots - value >= (long)sizeof(lo) || strlen(dots + 2) >= sizeof(hi))
			goto bad_range;
		memcpy(lo, value, dots - value);
		lo[dots - value] = 0;
		strcpy(hi, dots + 2);
		if (parse_u64(lo, &fv->lo) || parse_u64(hi, &fv->hi) || fv->lo > fv->hi)
			goto bad_range;
		fv->has_range = true;
	} else if (!strcmp(name, "source")) {
		snprintf(fv->source, sizeof(fv->source), "%s", value);
		fv->has_source = *value != 0;
	} else {
		snprintf(pp->msg, sizeof(pp->msg), "[%s] %s: unknown key (value, unit, range, source)",
			 section, name);
		return 0;
	}
	return 1;
bad_range:
	snprintf(pp->msg, sizeof(pp->msg), "[%s] range: '%s' is not LO..HI", section, value);
	return 0;
}

static int profile_find(const char *name, char *path, size_t len)
{
	char exe[PATH_MAX], *slash;
	const char *env = getenv("SMMUBENCH_PROFILES");
	ssize_t n;

	if (strchr(name, '/') || strstr(name, ".conf")) {
		snprintf(path, len, "%s", name);
		return access(path, R_OK) ? -errno : 0;
	}
	if (env) {
		snprintf(path, len, "%s/%s.conf", env, name);
		if (!access(path, R_OK))
			return 0;
	}
	snprintf(path, len, "bench/model/profiles/%s.conf", name);
	if (!access(path, R_OK))
		return 0;
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		exe[n] = 0;
		slash = strrchr(exe, '/');
		if (slash) {
			*slash = 0;
			if (snprintf(path, len, "%s/../bench/model/profiles/%s.conf", exe, name) <
			    (int)len && !access(path, R_OK))
				return 0;
			/* installed: <prefix>/bin/smmubench, <prefix>/share/smmubench/profiles */
			if (snprintf(path, len, "%s/../share/smmubench/profiles/%s.conf", exe,
				     name) < (int)len && !access(path, R_OK))
				return 0;
		}
	}
	snprintf(path, len, "bench/model/profiles/%s.conf", name);
	return -ENOENT;
}

int model_profile_load(struct model_profile *p, const char *name_or_path,
		       char *err, size_t err_len)
{
	struct profile_parse pp = { .p = p };
	unsigned int i;
	int ret, line;
	FILE *f;

	memset(p, 0, sizeof(*p));
	ret = profile_find(name_or_path, p->path, sizeof(p->path));
	if (ret) {
		snprintf(err, err_len, "profile '%s': %s: %s (set SMMUBENCH_PROFILES to its folder)",
			 name_or_path, p->path, strerror(-ret));
		return ret;
	}
	f = fopen(p->path, "r");
	if (!f) {
		ret = -errno;
		snprintf(err, err_len, "%s: %s", p->path, strerror(errno));
		return ret;
	}
	line = ini_parse_file(f, profile_handler, &pp);
	fclose(f);
	if (line) {
		snprintf(err, err_len, "%s:%d: %s", p->path, line,
			 pp.msg[0] ? pp.msg : "syntax error");
		return -EINVAL;
	}
	for (i = 0; i < MODEL_NR_FIGURES; i++) {
		const struct model_figure_val *fv = &p->fig[i];
		const char *miss = !fv->set ? "value" : !fv->has_unit ? "unit" :
				   !fv->has_range ? "range" : !fv->has_source ? "source" : NULL;

		if (miss) {
			snprintf(err, err_len, "%s: [%s] %s: missing (every figure needs value, unit, range and source)",
				 p->path, fig_names[i], miss);
			return -EINVAL;
		}
		if (fv->value < fv->lo || fv->value > fv->hi) {
			snprintf(err, err_len, "%s: [%s] value: %llu %s is outside its range %llu..%llu",
				 p->path, fig_names[i], (unsigned long long)fv->value, fig_units[i],
				 (unsigned long long)fv->lo, (unsigned long long)fv->hi);
			return -ERANGE;
		}
	}
	if (!p->name[0])
		snprintf(p->name, sizeof(p->name), "%s", name_or_path);
	return 0;
}

int model_profile_at_bounds(const struct model_profile *p, char *buf, size_t len)
{
	unsigned int i, n = 0;
	size_t off = 0;

	buf[0] = 0;
	for (i = 0; i < MODEL_NR_FIGURES; i++) {
		const struct model_figure_val *fv = &p->fig[i];

		/* a cost at the edge of its plausible range is worth a look */
		if (strcmp(fig_units[i], "ns") || fv->lo == fv->hi ||
		    (fv->value != fv->lo && fv->value != fv->hi))
			continue;
		off += snprintf(buf + off, off < len ? len - off : 0, "%s%s=%llu (%s bound)",
				n ? ", " : "", fig_names[i], (unsigned long long)fv->value,
				fv->value == fv->lo ? "lower" : "upper");
		n++;
	}
	return n;
}
