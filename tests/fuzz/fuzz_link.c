/* tests/fuzz/fuzz_link.c - fuzz target: decode_packet() by link type.
 * Input: byte 0 picks the link type (fuzz_linktype(): every
 * supported LT_* plus one unsupported), the rest is the captured frame.
 * Each frame is decoded three times: whole (wirelen == caplen), snap cut
 * (wirelen 1500 bytes longer) and with wirelen UINT32_MAX, the largest
 * length a pcap record can claim, which stresses the "frame holds the
 * IP length" arithmetic. fuzz_check_packet() asserts the accounting:
 * cls in range, cls == DC_ERROR iff err != DE_OK. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1 || size - 1 > 0x40000)
		return 0;
	int lt = fuzz_linktype(data[0]);
	uint32_t n = (uint32_t)(size - 1);
	uint8_t *f = fuzz_frame_dup(data + 1, n);

	fuzz_decode_checked(lt, f, n, n);
	fuzz_decode_checked(lt, f, n, n + 1500);
	fuzz_decode_checked(lt, f, n, UINT32_MAX);
	free(f);
	return 0;
}
