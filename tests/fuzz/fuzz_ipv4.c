/* tests/fuzz/fuzz_ipv4.c - fuzz target: the IPv4 dissector (ipv4.c).
 * Input: one IPv4 datagram, decoded as LINKTYPE_IPV4 (no link header, so
 * every byte reaches ipv4_decode()) and as DLT_RAW (the version dispatch),
 * each whole and with a snap cut (wirelen 1500 bytes longer than caplen),
 * so options, IHL, total length, TSO zero length and fragments are
 * reached directly, and the transport behind them too. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 0x20000)
		return 0;
	uint32_t n = (uint32_t)size;

	fuzz_decode_checked(LT_IPV4, data, n, n);
	fuzz_decode_checked(LT_IPV4, data, n, n + 1500);
	fuzz_decode_checked(LT_RAW, data, n, n);
	return 0;
}
