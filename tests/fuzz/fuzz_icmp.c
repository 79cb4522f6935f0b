/* tests/fuzz/fuzz_icmp.c - fuzz target: ICMP and ICMPv6 (icmp.c, icmpv6.c).
 * Input: byte 0 is a control byte, and the rest is the ICMP message.
 * fuzz_l4_in_ip() (fuzz_common.h) wraps the message in a valid IPv4 or
 * IPv6 header whose length matches it. Control bit 0 picks IPv6 (then the
 * message is ICMPv6), bit 1 a first fragment, and bits 2-7 a snap cut.
 * So mutations land in the message and in the packet an error quotes
 * (ipv4_decode_quoted, ipv6_decode_quoted, l4quote.c), not in the outer
 * header, and both quote decoders run. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	fuzz_l4_in_ip(data[0], data + 1, size - 1, IPPROTO_NUM_ICMP,
		      IPPROTO_NUM_ICMPV6);
	return 0;
}
