// SPDX-License-Identifier: GPL-2.0
/*
 * SMMUv3 command encodings, Arm IHI 0070 chapter 4. Field positions (word,
 * bits) are from the spec's command layouts; the kernel's arm-smmu-v3.h
 * CMDQ_* masks agree with them.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "model_smmu_cmd.h"

#define BITS(v, hi, lo)	(((u64)(v) & ((1ULL << ((hi) - (lo) + 1)) - 1)) << (lo))
#define GET(w, hi, lo)	(((w) >> (lo)) & ((1ULL << ((hi) - (lo) + 1)) - 1))

void model_cmd_encode(const struct model_cmd *c, u64 w[2])
{
	w[0] = BITS(c->opcode, 7, 0);	/* §4.1: Opcode, word 0 [7:0] */
	w[1] = 0;
	switch (c->opcode) {
	case MODEL_CMD_CFGI_STE:
	case MODEL_CMD_CFGI_ALL:
	case MODEL_CMD_CFGI_CD:
		/* §4.3: SSID [31:12] (CD only), SID [63:32]; word 1 Leaf [0] or Range [4:0] */
		if (c->opcode == MODEL_CMD_CFGI_CD)
			w[0] |= BITS(c->ssid, 31, 12);
		w[0] |= BITS(c->sid, 63, 32);
		if (c->opcode == MODEL_CMD_CFGI_ALL)
			w[1] |= BITS(c->range, 4, 0);
		else
			w[1] |= BITS(c->leaf, 0, 0);
		break;
	case MODEL_CMD_TLBI_NH_ALL:
	case MODEL_CMD_TLBI_NH_ASID:
	case MODEL_CMD_TLBI_NH_VA:
	case MODEL_CMD_TLBI_NH_VAA:
	case MODEL_CMD_TLBI_S12_VMALL:
	case MODEL_CMD_TLBI_S2_IPA:
		/*
		 * §4.4: NUM [16:12], SCALE [24:20], VMID [47:32], ASID [63:48];
		 * word 1: Leaf [0], TTL [9:8], TG [11:10], Address [63:12]
		 * (IPA [51:12] for S2_IPA).
		 */
		w[0] |= BITS(c->num, 16, 12) | BITS(c->scale, 24, 20) | BITS(c->vmid, 47, 32);
		if (c->opcode == MODEL_CMD_TLBI_NH_ASID || c->opcode == MODEL_CMD_TLBI_NH_VA)
			w[0] |= BITS(c->asid, 63, 48);
		if (c->opcode == MODEL_CMD_TLBI_NH_VA || c->opcode == MODEL_CMD_TLBI_NH_VAA ||
		    c->opcode == MODEL_CMD_TLBI_S2_IPA) {
			w[1] |= BITS(c->leaf, 0, 0) | BITS(c->ttl, 9, 8) | BITS(c->tg, 11, 10);
			if (c->opcode == MODEL_CMD_TLBI_S2_IPA)
				w[1] |= c->addr & (BITS(~0ULL, 51, 12));
			else
				w[1] |= c->addr & (BITS(~0ULL, 63, 12));
		}
		break;
	case MODEL_CMD_SYNC:
		/* §4.7.3: CS [13:12], MSH [23:22], MSIAttr [27:24], MSIData [63:32]; MSIAddress [51:2] */
		w[0] |= BITS(c->cs, 13, 12) | BITS(c->msh, 23, 22) | BITS(c->msiattr, 27, 24) |
			BITS(c->msidata, 63, 32);
		w[1] |= c->addr & BITS(~0ULL, 51, 2);
		break;
	default:
		break;
	}
}

int model_cmd_decode(const u64 w[2], struct model_cmd *c)
{
	memset(c, 0, sizeof(*c));
	c->opcode = GET(w[0], 7, 0);
	switch (c->opcode) {
	case MODEL_CMD_CFGI_STE:
	case MODEL_CMD_CFGI_ALL:
	case MODEL_CMD_CFGI_CD:
		c->ssid = GET(w[0], 31, 12);
		c->sid = GET(w[0], 63, 32);
		c->leaf = GET(w[1], 0, 0);
		c->range = GET(w[1], 4, 0);
		return 0;
	case MODEL_CMD_TLBI_NH_ALL:
	case MODEL_CMD_TLBI_NH_ASID:
	case MODEL_CMD_TLBI_NH_VA:
	case MODEL_CMD_TLBI_NH_VAA:
	case MODEL_CMD_TLBI_S12_VMALL:
	case MODEL_CMD_TLBI_S2_IPA:
		c->num = GET(w[0], 16, 12);
		c->scale = GET(w[0], 24, 20);
		c->vmid = GET(w[0], 47, 32);
		c->asid = GET(w[0], 63, 48);
		c->leaf = GET(w[1], 0, 0);
		c->ttl = GET(w[1], 9, 8);
		c->tg = GET(w[1], 11, 10);
		c->addr = w[1] & BITS(~0ULL, 63, 12);
		if (c->opcode == MODEL_CMD_TLBI_S2_IPA)
			c->addr &= BITS(~0ULL, 51, 12);
		return 0;
	case MODEL_CMD_SYNC:
		c->cs = GET(w[0], 13, 12);
		c->msh = GET(w[0], 23, 22);
		c->msiattr = GET(w[0], 27, 24);
		c->msidata = GET(w[0], 63, 32);
		c->addr = w[1] & BITS(~0ULL, 51, 2);
		return 0;
	default:
		return -EINVAL;
	}
}

const char *model_cmd_name(u8 opcode)
{
	switch (opcode) {
	case MODEL_CMD_CFGI_STE: return "CFGI_STE";
	case MODEL_CMD_CFGI_ALL: return "CFGI_ALL";
	case MODEL_CMD_CFGI_CD: return "CFGI_CD";
	case MODEL_CMD_TLBI_NH_ALL: return "TLBI_NH_ALL";
	case MODEL_CMD_TLBI_NH_ASID: return "TLBI_NH_ASID";
	case MODEL_CMD_TLBI_NH_VA: return "TLBI_NH_VA";
	case MODEL_CMD_TLBI_NH_VAA: return "TLBI_NH_VAA";
	case MODEL_CMD_TLBI_S12_VMALL: return "TLBI_S12_VMALL";
	case MODEL_CMD_TLBI_S2_IPA: return "TLBI_S2_IPA";
	case MODEL_CMD_SYNC: return "CMD_SYNC";
	default: return "UNKNOWN";
	}
}

bool model_cmd_is_tlbi(u8 opcode)
{
	return opcode >= MODEL_CMD_TLBI_NH_ALL && opcode <= MODEL_CMD_TLBI_S2_IPA;
}

u64 model_cmd_tlbi_pages(const struct model_cmd *c)
{
	if (!c->tg)
		return 1;
	return (u64)(c->num + 1) << c->scale;
}

int model_cmd_describe(const struct model_cmd *c, char *buf, size_t len)
{
	switch (c->opcode) {
	case MODEL_CMD_TLBI_NH_VA:
	case MODEL_CMD_TLBI_NH_VAA:
	case MODEL_CMD_TLBI_S2_IPA:
		if (c->tg)
			return snprintf(buf, len, "%s(asid=%u vmid=%u addr=0x%llx leaf=%u tg=%u scale=%u num=%u ttl=%u)",
					model_cmd_name(c->opcode), c->asid, c->vmid,
					(unsigned long long)c->addr, c->leaf, c->tg, c->scale,
					c->num, c->ttl);
		return snprintf(buf, len, "%s(asid=%u vmid=%u addr=0x%llx leaf=%u)",
				model_cmd_name(c->opcode), c->asid, c->vmid,
				(unsigned long long)c->addr, c->leaf);
	case MODEL_CMD_TLBI_NH_ASID:
	case MODEL_CMD_TLBI_NH_ALL:
	case MODEL_CMD_TLBI_S12_VMALL:
		return snprintf(buf, len, "%s(asid=%u vmid=%u)", model_cmd_name(c->opcode),
				c->asid, c->vmid);
	case MODEL_CMD_CFGI_STE:
	case MODEL_CMD_CFGI_CD:
		return snprintf(buf, len, "%s(sid=0x%x ssid=%u leaf=%u)", model_cmd_name(c->opcode),
				c->sid, c->ssid, c->leaf);
	case MODEL_CMD_SYNC:
		return snprintf(buf, len, "CMD_SYNC(cs=%u)", c->cs);
	default:
		return snprintf(buf, len, "%s(0x%x)", model_cmd_name(c->opcode), c->opcode);
	}
}

static unsigned int ilog2_u64(u64 v)
{
	return 63 - __builtin_clzll(v);
}

int model_cmd_tlbi_range(u8 opcode, u16 asid, u16 vmid, u64 iova, u64 size,
			 u64 leaf_size, bool leaf, bool ril, struct model_cmd *out,
			 unsigned int max)
{
	u64 end = iova + size, pages;
	unsigned int n = 0;
	struct model_cmd c = {
		.opcode = opcode, .asid = asid, .vmid = vmid, .leaf = leaf,
	};

	if (!size)
		return 0;
	if (!ril) {
		/* one command per leaf: TG = 0, no range */
		for (; iova < end; iova += leaf_size) {
			if (n == max)
				return -ENOSPC;
			c.addr = iova;
			out[n++] = c;
		}
		return n;
	}
	/*
	 * IHI 0070 §4.4.1: a range covers (NUM+1) << SCALE granules of TG.
	 * Peel off the lowest set bit of the page count each time, up to 32
	 * times that power of two per command. TTL (§4.4.1): level of the
	 * leaves, 3 for 4 KiB pages, 2 for 2 MiB blocks, when leaf.
	 */
	c.tg = MODEL_TG_4K;
	if (leaf)
		c.ttl = 4 - (ilog2_u64(leaf_size) - 3) / 9;
	pages = size >> 12;
	while (pages) {
		unsigned int scale = __builtin_ctzll(pages);
		u64 num = (pages >> scale) & 31;	/* odd: at least 1 */

		if (n == max)
			return -ENOSPC;
		c.scale = scale;
		c.num = num - 1;
		c.addr = iova;
		out[n++] = c;
		iova += (num << scale) << 12;
		pages -= num << scale;
	}
	return n;
}
