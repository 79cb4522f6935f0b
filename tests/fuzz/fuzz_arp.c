/* tests/fuzz/fuzz_arp.c - fuzz target: ARP (dissectors/arp.c).
 * Input: byte 0 is a control byte, the rest is the ARP message (RFC 826
 * header and addresses). The message is put behind a fixed Ethernet
 * header with EtherType 0x0806, so mutations land in the ARP bytes, not
 * in a link header fuzz_link already covers. Control bit 0 adds an 802.1Q
 * tag (VLAN dispatch), bit 1 a Linux SLL header instead of Ethernet;
 * bits 2-7 a snap cut (wirelen 61 * n bytes longer). On top of
 * fuzz_check_packet(): a decoded ARP is non-IP with nonip_kind 0x0806,
 * and a packet that is not decoded as ARP carries no ARP fields. */
#include "fuzz_common.h"

enum { FUZZ_ARP_HDR_MAX = 20 };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t eth[12] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
					 2, 0, 0, 0, 0, 1 };
	uint8_t hdr[FUZZ_ARP_HDR_MAX] = { 0 };
	size_t h = 0;
	int lt = LT_EN10MB;

	if (size < 1 || size - 1 > 0x10000)
		return 0;
	uint8_t ctl = data[0];
	if (ctl & 2) { /* SLL: outgoing, ARPHRD_ETHER, 6-byte address */
		lt = LT_LINUX_SLL;
		hdr[1] = 4, hdr[3] = 1, hdr[5] = 6;
		h = 14;
	} else {
		memcpy(hdr, eth, sizeof(eth));
		h = sizeof(eth);
		if (ctl & 1) {
			hdr[h++] = 0x81, hdr[h++] = 0x00, hdr[h++] = 0, hdr[h++] = 42;
		}
	}
	hdr[h++] = 0x08, hdr[h++] = 0x06;

	size_t n = h + size - 1;
	uint8_t *f = malloc(n);
	if (!f)
		abort();
	memcpy(f, hdr, h);
	memcpy(f + h, data + 1, size - 1);
	uint32_t wire = (uint32_t)n + 61u * (ctl >> 2);
	struct packet p;
	fuzz_decode_checked(lt, f, (uint32_t)n, wire);
	decode_packet(lt, f, (uint32_t)n, wire, 0, &p);
	if (p.arp.present)
		FUZZ_CHECK(p.cls == DC_NON_IP && p.nonip_kind == 0x0806);
	else
		FUZZ_CHECK(p.arp.op == 0 && p.arp.eth_ipv4 == 0);
	if (p.cls == DC_NON_IP)
		FUZZ_CHECK(p.arp.present);
	free(f);
	return 0;
}
