/* tests/fuzz/fuzz_udp.c - fuzz target: the UDP dissector (udp.c).
 * Input: byte 0 is a control byte, and the rest is the transport message.
 * fuzz_l4_in_ip() (fuzz_common.h) wraps the message in a valid IPv4 or
 * IPv6 header whose length matches it. Control bit 0 picks the version,
 * bit 1 a first fragment, and bits 2-7 a snap cut. So mutations land in
 * the length checks, not in the outer header. That includes a first
 * fragment's UDP length, which covers the whole datagram. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	fuzz_l4_in_ip(data[0], data + 1, size - 1, IPPROTO_NUM_UDP, IPPROTO_NUM_UDP);
	return 0;
}
