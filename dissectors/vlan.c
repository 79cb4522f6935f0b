/* dissectors/vlan.c - IEEE 802.1Q tags, 802.1ad (QinQ) stacks, and the
 * other tags that sit where a VLAN tag sits: 802.1BR E-TAG (TPID 0x893f,
 * 6 bytes after the TPID) and Cisco VN-Tag (0x8926, 4 bytes).
 * Each 802.1Q tag is TCI (PCP 3 bits, DEI 1, VID 12) then the next
 * EtherType. Tags are walked in a loop, not by recursion, so a frame full
 * of tags costs a few bytes per iteration and ends at the captured length;
 * the whole stack is one layer of decode.c's loop, and the EtherType after
 * it is named as the next layer (layer.h).
 * The report keeps the outer VLAN id: the one a switch port is configured
 * with, and the one an analyst filters on. */
#include "vlan.h"

enum { VLAN_VID_MASK = 0x0fff, ET_8021Q = 0x8100, ET_8021AD = 0x88a8,
       ET_QINQ_OLD = 0x9100, ET_ETAG = 0x893f, ET_VNTAG = 0x8926,
       ETAG_LEN = 6, VNTAG_LEN = 4 };

int vlan_is_tag(uint16_t ethertype)
{
	return ethertype == ET_8021Q || ethertype == ET_8021AD ||
	       ethertype == ET_QINQ_OLD || ethertype == ET_ETAG ||
	       ethertype == ET_VNTAG;
}

/* One tag of type tpid (already consumed); reads the next EtherType. */
static int vlan_one(struct cursor *c, uint16_t tpid, struct packet *p,
		    uint16_t *next)
{
	uint16_t tci;

	if (tpid == ET_ETAG || tpid == ET_VNTAG)
		return cur_skip(c, tpid == ET_ETAG ? ETAG_LEN : VNTAG_LEN) ||
		       cur_be16(c, next);
	if (cur_be16(c, &tci) || cur_be16(c, next))
		return -1;
	if (p->vlan_depth == 0)
		p->vlan_id = tci & VLAN_VID_MASK;
	if (p->vlan_depth < UINT8_MAX)
		p->vlan_depth++;
	return 0;
}

enum decode_err vlan_decode(struct cursor *c, uint16_t tpid, struct packet *p,
			    struct layer_next *next)
{
	uint16_t type = tpid;

	do {
		if (vlan_one(c, type, p, &type))
			return DE_VLAN_TRUNCATED;
	} while (vlan_is_tag(type));
	return layer_ethertype(next, type);
}
