/* SPDX-License-Identifier: GPL-2.0 */
/*
 * SMMUv3 commands (Arm IHI 0070, chapter 4 "Commands"): every command is two
 * little-endian 64-bit words (16 bytes) in the command queue.
 */
#ifndef MODEL_SMMU_CMD_H
#define MODEL_SMMU_CMD_H

#include "hypev_types.h"

/* Opcodes, IHI 0070 §4.1.1 (command opcode table) */
#define MODEL_CMD_CFGI_STE	0x03	/* §4.3.1 */
#define MODEL_CMD_CFGI_ALL	0x04	/* §4.3.2 (CFGI_STE_RANGE with Range 31) */
#define MODEL_CMD_CFGI_CD	0x05	/* §4.3.3 */
#define MODEL_CMD_TLBI_NH_ALL	0x10	/* §4.4.2 */
#define MODEL_CMD_TLBI_NH_ASID	0x11	/* §4.4.3 */
#define MODEL_CMD_TLBI_NH_VA	0x12	/* §4.4.5 */
#define MODEL_CMD_TLBI_NH_VAA	0x13	/* §4.4.4 */
#define MODEL_CMD_TLBI_S12_VMALL 0x28	/* §4.4.10 */
#define MODEL_CMD_TLBI_S2_IPA	0x2a	/* §4.4.9 */
#define MODEL_CMD_SYNC		0x46	/* §4.7.3 */

/* CMD_SYNC ComplSignal, IHI 0070 §4.7.3 */
#define MODEL_SYNC_CS_NONE	0
#define MODEL_SYNC_CS_IRQ	1
#define MODEL_SYNC_CS_SEV	2

/* TLBI range granule TG, IHI 0070 §4.4.1 (range-based invalidation) */
#define MODEL_TG_4K		1

struct model_cmd {
	u8 opcode;
	bool leaf;		/* TLBI/CFGI: Leaf */
	u8 num;			/* TLBI range: NUM (range = (NUM+1) << SCALE granules) */
	u8 scale;		/* TLBI range: SCALE */
	u8 ttl;			/* TLBI: TTL level hint (0 = unknown) */
	u8 tg;			/* TLBI: TG (0 = not a range command) */
	u8 cs;			/* CMD_SYNC: ComplSignal */
	u8 msh, msiattr;	/* CMD_SYNC */
	u8 range;		/* CFGI_ALL: Range */
	u16 asid, vmid;
	u32 sid, ssid;
	u32 msidata;
	u64 addr;		/* TLBI: VA or IPA; CMD_SYNC: MSIAddress */
};

void model_cmd_encode(const struct model_cmd *c, u64 w[2]);
/* Returns 0, or -EINVAL for an opcode the model does not implement. */
int model_cmd_decode(const u64 w[2], struct model_cmd *c);
const char *model_cmd_name(u8 opcode);
bool model_cmd_is_tlbi(u8 opcode);
int model_cmd_describe(const struct model_cmd *c, char *buf, size_t len);
/* Pages (4 KiB) a TLBI by address covers: 1 without TG, (NUM+1)<<SCALE with. */
u64 model_cmd_tlbi_pages(const struct model_cmd *c);

/*
 * TLB invalidation of [iova, iova + size) with leaves of leaf_size bytes,
 * as arm-smmu-v3 builds it: with RIL, range commands with TG/SCALE/NUM/TTL;
 * without, one command per leaf. Returns the number of commands written
 * (at most max; -ENOSPC if more are needed).
 */
int model_cmd_tlbi_range(u8 opcode, u16 asid, u16 vmid, u64 iova, u64 size,
			 u64 leaf_size, bool leaf, bool ril, struct model_cmd *out,
			 unsigned int max);

#endif
