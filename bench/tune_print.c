// SPDX-License-Identifier: GPL-2.0
/*
 * The tuner's output (tune.h): per design and workload cell the Pareto
 * table, the picks with their gain over bench.conf's policy, and the
 * settings that apply a pick: bench.conf keys for the model, the kernel
 * command line of the kernel-patches knobs (and mainline's iommu.strict)
 * for hw.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include "common.h"
#include "model.h"
#include "tune.h"

#define NO_IDX	0xff

/* The value index of knob KEY in P, or -1 (not set by the policy). */
static int point_knob(const struct bench_tune_result *r, const struct bench_tune_point *p,
		      const char *key)
{
	unsigned int nd, d;
	const struct bench_tune_dim *dims = bench_tune_dims(r->grp[p->group].design, &nd);
	char want[64];

	for (d = 0; d < nd; d++) {
		if (strcmp(dims[d].key, key) || p->idx[d] == NO_IDX)
			continue;
		/* a knob the policy does not read is not in its text */
		snprintf(want, sizeof(want), "%s=%s", key, dims[d].text[p->idx[d]]);
		return strstr(p->policy, want) ? p->idx[d] : -1;
	}
	return -1;
}

/* The hw kernel command line of P (kernel-patches/android16-6.12 0004; mainline iommu.strict). */
static void settings_cmdline(const struct bench_tune_result *r, const struct bench_tune_point *p,
			     char *buf, size_t len)
{
	int design = r->grp[p->group].design, ril = point_knob(r, p, "ril");
	int cps = point_knob(r, p, "cmds_per_sync"), lazy = point_knob(r, p, "lazy");
	size_t off = 0;

	buf[0] = 0;
	if (design == MODEL_DESIGN_PARAVIRT) {
		static const char *const cps_text[] = { "0", "1", "8", "64" };

		if (cps >= 0)
			off += snprintf(buf + off, len - off, "arm_smmu_v3_kvm.tlbi_per_sync=%s",
					cps_text[cps]);
		if (ril == 0 && off < len)
			off += snprintf(buf + off, len - off, "%sarm_smmu_v3_kvm.tlbi_force_per_page=1",
					off ? " " : "");
		if (point_knob(r, p, "el2_wait") == 1 && off < len)
			snprintf(buf + off, len - off, "%s# el2_wait=wfe has no kernel knob yet",
				 off ? " " : "");
		return;
	}
	if (design == MODEL_DESIGN_NATIVE) {
		if (lazy >= 0)
			off += snprintf(buf, len, "iommu.strict=%d", lazy ? 0 : 1);
		if ((point_knob(r, p, "fq_size") > 0 || point_knob(r, p, "fq_timeout_ns") > 0) &&
		    off < len)
			snprintf(buf + off, len - off, "%s# the flush-queue size and timeout have no kernel parameter",
				 off ? " " : "");
		return;
	}
	snprintf(buf, len, "# the nested design has no kernel knobs in kernel-patches/ yet (model only)");
}

void bench_tune_settings(const struct bench_tune_result *r, const struct bench_tune_point *p,
			 char *keys, size_t keys_len, char *cmdline, size_t cmdline_len)
{
	const char *s = p->policy;
	size_t off = 0;

	keys[0] = 0;
	if (p->is_default) {
		snprintf(keys, keys_len, "# bench.conf as it is");
	} else {
		/* "a=b c=d" -> "a = b\nc = d" */
		while (*s && off + 4 < keys_len) {
			if (*s == '=') {
				off += snprintf(keys + off, keys_len - off, " = ");
			} else if (*s == ' ') {
				keys[off++] = '\n';
				keys[off] = 0;
			} else {
				keys[off++] = *s;
				keys[off] = 0;
			}
			s++;
		}
	}
	settings_cmdline(r, p, cmdline, cmdline_len);
}

static void print_point(FILE *f, const struct bench_tune_point *p, int mark_best)
{
	fprintf(f, "%c%c %-52s %9.0f %9.0f %9.0f %7.2f %12.0f %10.0f  %s\n",
		p->pareto ? '*' : ' ', mark_best ? '>' : ' ', p->policy, p->c_p50, p->c_p99,
		p->c_cpu, p->c_syncs, p->c_wmax, p->c_exposed,
		!p->safe ? "UNSAFE" : p->deferred ? "deferred" : "strict");
}

static void print_pick(FILE *f, const struct bench_tune_result *r, const char *what, int i)
{
	char keys[512], cmdline[256];
	const struct bench_tune_point *p;

	if (i < 0) {
		fprintf(f, "%s: none\n", what);
		return;
	}
	p = &r->pt[i];
	bench_tune_settings(r, p, keys, sizeof(keys), cmdline, sizeof(cmdline));
	fprintf(f, "%s: %s  (p50 %.0f ns, window max %.0f ns)\n", what, p->policy, p->c_p50,
		p->c_wmax);
	fprintf(f, "  bench.conf [model]:\n");
	for (char *l = strtok(keys, "\n"); l; l = strtok(NULL, "\n"))
		fprintf(f, "    %s\n", l);
	fprintf(f, "  hw kernel command line: %s\n", cmdline[0] ? cmdline : "(defaults)");
}

static void print_group(FILE *f, const struct bench_tune_result *r, unsigned int g)
{
	const struct bench_tune_group *gr = &r->grp[g];
	unsigned int i, n = 0;

	for (i = 0; i < r->nr_pt; i++)
		n += r->pt[i].group == g;
	fprintf(f, "\n## %s (%s): %u policies, %s of %u\n", gr->name, gr->params, n,
		gr->descent ? "coordinate descent over a grid" : "the whole grid", gr->grid);
	fprintf(f, "   %-52s %9s %9s %9s %7s %12s %10s  %s\n", "policy (* Pareto, > picked)",
		gr->block ? "io p50" : "unmap p50", gr->block ? "io p99" : "unmap p99",
		"cpu/io", "sync/um", "window max", "exposed", "safety");
	fprintf(f, "   %-52s %9s %9s %9s %7s %12s %10s\n", "", "ns", "ns", "ns", "count", "ns",
		"bytes");
	for (i = 0; i < r->nr_pt; i++)
		if (r->pt[i].group == g)
			print_point(f, &r->pt[i], (int)i == gr->best_safe || (int)i == gr->best_window);
	print_pick(f, r, "fastest safe (strict)", gr->best_safe);
	if (!isnan(gr->gain))
		fprintf(f, "  gain over bench.conf's policy (%s): %.2fx p50 [%.2f, %.2f] (bootstrap 95%%)\n",
			r->pt[gr->def].policy, gr->gain, gr->gain_lo, gr->gain_hi);
	print_pick(f, r, "fastest safe without RIL (an SMMU without IDR3.RIL)", gr->best_noril);
	if (!isnan(gr->gain_nr))
		fprintf(f, "  gain over bench.conf's policy: %.2fx p50 [%.2f, %.2f] (bootstrap 95%%)\n",
			gr->gain_nr, gr->gain_nr_lo, gr->gain_nr_hi);
	if (r->max_window_ns)
		fprintf(f, "fastest with window <= %llu us:\n",
			(unsigned long long)(r->max_window_ns / 1000));
	print_pick(f, r, r->max_window_ns ? "  pick" : "fastest safe or deferred", gr->best_window);
}

void bench_tune_print(const struct bench_tune_result *r, FILE *f)
{
	unsigned int g;

	fprintf(f, "# smmubench tune: workload %s on the model, %u policies evaluated, oracle on\n",
		r->workload, r->nr_pt);
	fprintf(f, "# run directory: %s (smmubench report / compare read it)\n", r->run_dir);
	fprintf(f, "# centres over repetitions (medians); window = unmap return to its CMD_SYNC's completion\n");
	for (g = 0; g < r->nr_grp; g++)
		print_group(f, r, g);
}

static struct json_object *num(double v)
{
	return isnan(v) || isinf(v) ? NULL : json_object_new_double(v);
}

static struct json_object *json_point(const struct bench_tune_result *r,
				      const struct bench_tune_point *p)
{
	struct json_object *o = json_object_new_object();
	char keys[512], cmdline[256];

	bench_tune_settings(r, p, keys, sizeof(keys), cmdline, sizeof(cmdline));
	json_object_object_add(o, "cell", json_object_new_string(p->cell));
	json_object_object_add(o, "policy", json_object_new_string(p->policy));
	json_object_object_add(o, "default", json_object_new_boolean(p->is_default));
	json_object_object_add(o, "p50_ns", num(p->c_p50));
	json_object_object_add(o, "p99_ns", num(p->c_p99));
	json_object_object_add(o, "cpu_ns_per_io", num(p->c_cpu));
	json_object_object_add(o, "syncs_per_unmap", num(p->c_syncs));
	json_object_object_add(o, "window_max_ns", num(p->c_wmax));
	json_object_object_add(o, "exposed_bytes", num(p->c_exposed));
	json_object_object_add(o, "safe", json_object_new_boolean(p->safe));
	json_object_object_add(o, "deferred", json_object_new_boolean(p->deferred));
	json_object_object_add(o, "pareto", json_object_new_boolean(p->pareto));
	json_object_object_add(o, "repetitions", json_object_new_int(p->nrep));
	json_object_object_add(o, "conf_keys", json_object_new_string(keys));
	json_object_object_add(o, "kernel_cmdline", json_object_new_string(cmdline));
	return o;
}

static struct json_object *json_group(const struct bench_tune_result *r, unsigned int g)
{
	const struct bench_tune_group *gr = &r->grp[g];
	struct json_object *o = json_object_new_object(), *pts = json_object_new_array();
	unsigned int i;

	json_object_object_add(o, "cell", json_object_new_string(gr->name));
	json_object_object_add(o, "design", json_object_new_string(model_design_name(gr->design)));
	json_object_object_add(o, "params", json_object_new_string(gr->params));
	json_object_object_add(o, "search", json_object_new_string(gr->descent ? "descent" : "grid"));
	json_object_object_add(o, "grid", json_object_new_int(gr->grid));
	for (i = 0; i < r->nr_pt; i++)
		if (r->pt[i].group == g)
			json_object_array_add(pts, json_point(r, &r->pt[i]));
	json_object_object_add(o, "points", pts);
	json_object_object_add(o, "default", gr->def >= 0 ? json_point(r, &r->pt[gr->def]) : NULL);
	json_object_object_add(o, "fastest_safe",
			       gr->best_safe >= 0 ? json_point(r, &r->pt[gr->best_safe]) : NULL);
	json_object_object_add(o, "fastest_safe_without_ril",
			       gr->best_noril >= 0 ? json_point(r, &r->pt[gr->best_noril]) : NULL);
	json_object_object_add(o, "fastest_within_window",
			       gr->best_window >= 0 ? json_point(r, &r->pt[gr->best_window]) : NULL);
	json_object_object_add(o, "gain", num(gr->gain));
	json_object_object_add(o, "gain_ci_lo", num(gr->gain_lo));
	json_object_object_add(o, "gain_ci_hi", num(gr->gain_hi));
	json_object_object_add(o, "gain_without_ril", num(gr->gain_nr));
	json_object_object_add(o, "gain_without_ril_ci_lo", num(gr->gain_nr_lo));
	json_object_object_add(o, "gain_without_ril_ci_hi", num(gr->gain_nr_hi));
	return o;
}

int bench_tune_json_write(const struct bench_tune_result *r, FILE *f)
{
	struct json_object *o = json_object_new_object(), *gs = json_object_new_array();
	unsigned int g;
	int ret;

	if (!o || !gs)
		return -ENOMEM;
	json_object_object_add(o, "workload", json_object_new_string(r->workload));
	if (r->run_dir[0])
		json_object_object_add(o, "run_dir", json_object_new_string(r->run_dir));
	json_object_object_add(o, "max_window_ns", json_object_new_int64(r->max_window_ns));
	for (g = 0; g < r->nr_grp; g++)
		json_object_array_add(gs, json_group(r, g));
	json_object_object_add(o, "groups", gs);
	ret = fprintf(f, "%s\n", json_object_to_json_string_ext(o, JSON_C_TO_STRING_PRETTY)) < 0 ?
	      -EIO : 0;
	json_object_put(o);
	return ret;
}
