// SPDX-License-Identifier: GPL-2.0
/*
 * Writes smmu_hypevents.h, the header a kernel patch includes to define and
 * fire the SMMU events with the mainline HYP_EVENT() convention of
 * arch/arm64/include/asm/kvm_hypevents.h. The file is generated so that it
 * cannot drift from hypev_table.h; `make check` regenerates and compares.
 */
#include <errno.h>
#include <string.h>

#include "hypev.h"

static void hook_event(FILE *f, const struct hypev_event_desc *ev)
{
	unsigned int i;

	fprintf(f, "/* %s */\n", ev->summary);
	fprintf(f, "HYP_EVENT(%s,\n\tHE_PROTO(", ev->name);
	for (i = 0; i < ev->nr_fields; i++)
		fprintf(f, "%s%s %s", i ? ", " : "", ev->fields[i].type, ev->fields[i].name);
	fputs("),\n\tHE_STRUCT(\n", f);
	for (i = 0; i < ev->nr_fields; i++)
		fprintf(f, "\t\the_field(%s, %s)\n", ev->fields[i].type, ev->fields[i].name);
	fputs("\t),\n\tHE_ASSIGN(\n", f);
	for (i = 0; i < ev->nr_fields; i++)
		fprintf(f, "\t\t__entry->%s = %s;\n", ev->fields[i].name, ev->fields[i].name);
	fputs("\t),\n\tHE_PRINTK(\"", f);
	for (i = 0; i < ev->nr_fields; i++)
		fprintf(f, "%s%s=%s", i ? " " : "", ev->fields[i].name, ev->fields[i].fmt);
	fputs("\"", f);
	for (i = 0; i < ev->nr_fields; i++)
		fprintf(f, ",\n\t\t  __entry->%s", ev->fields[i].name);
	fputs(")\n);\n\n", f);
}

int hypev_hook_header_write(FILE *f)
{
	unsigned int i;

	fputs("/* SPDX-License-Identifier: GPL-2.0 */\n"
	      "/*\n"
	      " * SMMU events of pKVM's EL2 SMMUv3 drivers, for smmubench.\n"
	      " *\n"
	      " * GENERATED from smmubench hyp-instrumentation/hypev_table.h by\n"
	      " * `smmubench events --hook-header`: do not edit, regenerate.\n"
	      " *\n"
	      " * Include it where the mainline events are defined\n"
	      " * (arch/arm64/include/asm/kvm_hypevents.h pattern): it may be read\n"
	      " * several times by the remote-event machinery, like a trace header.\n"
	      " * Every dur_ns and wait_ns is measured at EL2 with trace_clock()\n"
	      " * (CLOCK_BOOTTIME ns from the arch counter): see smmu_trace_start()\n"
	      " * and smmu_trace_dur_ns() below. Field order keeps every struct free\n"
	      " * of padding, so the offsets the remote prints in its format files\n"
	      " * (running sums of sizes) are the real ones.\n"
	      " */\n"
	      "#if !defined(__ARM64_KVM_SMMU_HYPEVENTS_H_) || defined(HYP_EVENT_MULTI_READ)\n"
	      "#define __ARM64_KVM_SMMU_HYPEVENTS_H_\n"
	      "\n"
	      "#ifdef __KVM_NVHE_HYPERVISOR__\n"
	      "#include <nvhe/trace.h>\n"
	      "#endif\n"
	      "\n", f);

	for (i = 0; i < HYPEV_NR_EVENTS; i++)
		if (!(hypev_event_descs[i].design & HYPEV_D_UPSTREAM))
			hook_event(f, &hypev_event_descs[i]);

	fputs("#endif /* __ARM64_KVM_SMMU_HYPEVENTS_H_ */\n"
	      "\n"
	      "#if defined(__KVM_NVHE_HYPERVISOR__) && !defined(__ARM64_KVM_SMMU_HYPEVENTS_TIMING_)\n"
	      "#define __ARM64_KVM_SMMU_HYPEVENTS_TIMING_\n"
	      "#include <nvhe/clock.h>\n"
	      "\n"
	      "/* Start of a measured section: CLOCK_BOOTTIME ns read at EL2. */\n"
	      "static __always_inline u64 smmu_trace_start(void)\n"
	      "{\n"
	      "\treturn trace_clock();\n"
	      "}\n"
	      "\n"
	      "/* ns since start; 0 when tracing is compiled out (trace_clock() is 0). */\n"
	      "static __always_inline u64 smmu_trace_dur_ns(u64 start)\n"
	      "{\n"
	      "\tu64 now = trace_clock();\n"
	      "\n"
	      "\treturn now > start ? now - start : 0;\n"
	      "}\n"
	      "#endif\n", f);
	return ferror(f) ? -EIO : 0;
}
