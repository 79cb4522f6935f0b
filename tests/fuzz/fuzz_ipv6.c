/* tests/fuzz/fuzz_ipv6.c - fuzz target: the IPv6 dissector (ipv6.c).
 * Input: one IPv6 packet, decoded as LINKTYPE_IPV6 (straight into
 * ipv6_decode()) and as DLT_RAW, whole and with a snap cut (wirelen 1500
 * bytes longer), so the extension-header walk, jumbograms (payload length
 * 0 with hop-by-hop) and fragments are reached directly. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 0x20000)
		return 0;
	uint32_t n = (uint32_t)size;

	fuzz_decode_checked(LT_IPV6, data, n, n);
	fuzz_decode_checked(LT_IPV6, data, n, n + 1500);
	fuzz_decode_checked(LT_RAW, data, n, n);
	return 0;
}
