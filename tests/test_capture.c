/* tests/test_capture.c - the offline reader (analyzer/capture/capture.c).
 * Writes small captures into a private temporary directory (pcap through
 * libpcap's dump API, pcapng and damaged files by hand), reads them back
 * through capture_read_file() and checks counts, timestamps, statuses and
 * the messages a user would see. */
#include <CUnit/CUnit.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "analyzer/capture/capture.h"

static char tmpdir[64];
static struct analyzer *an;

/* Ethernet + IPv4 + UDP 5353 -> 53, 4 payload bytes. */
static const uint8_t udp_frame[] = {
	0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 0x08, 0x00,
	0x45, 0, 0, 32, 0, 1, 0, 0, 64, 17, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2,
	0x14, 0xe9, 0, 53, 0, 12, 0, 0, 'a', 'b', 'c', 'd',
};

static int suite_init(void)
{
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/portlens-test-XXXXXX");
	an = calloc(1, sizeof(*an));
	return (mkdtemp(tmpdir) && an) ? 0 : -1;
}

static int suite_clean(void)
{
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	analyzer_free(an);
	free(an);
	return system(cmd) == 0 ? 0 : -1;
}

static const char *tmp_path(const char *name)
{
	static char path[2][128];
	static int which;
	which ^= 1;
	snprintf(path[which], sizeof(path[which]), "%s/%s", tmpdir, name);
	return path[which];
}

/* n copies of frame, at ts_sec.i*1000+7 ns, written by libpcap. */
static void write_pcap(const char *path, int linktype, unsigned n,
		       uint32_t ts_sec)
{
	pcap_t *dead = pcap_open_dead_with_tstamp_precision(
		linktype, 65535, PCAP_TSTAMP_PRECISION_NANO);
	pcap_dumper_t *d = pcap_dump_open(dead, path);
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	for (unsigned i = 0; i < n; i++) {
		struct pcap_pkthdr h = { .caplen = sizeof(udp_frame),
					 .len = sizeof(udp_frame) };
		h.ts.tv_sec = ts_sec;
		h.ts.tv_usec = i * 1000 + 7; /* nanoseconds in a nsec file */
		pcap_dump((u_char *)d, &h, udp_frame);
	}
	pcap_dump_close(d);
	pcap_close(dead);
}

static void write_bytes(const char *path, const void *buf, size_t len)
{
	FILE *f = fopen(path, "wb");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	CU_ASSERT_EQUAL(fwrite(buf, 1, len, f), len);
	fclose(f);
}

static void fresh(void)
{
	analyzer_free(an);
	CU_ASSERT_EQUAL_FATAL(analyzer_init(an, NULL), 0);
}

static void capture_reads_every_record_with_ns_timestamps(void)
{
	const char *p = tmp_path("five.pcap");
	write_pcap(p, DLT_EN10MB, 5, 1700000000);
	fresh();
	CU_ASSERT_EQUAL(capture_read_file(an, p), CAPTURE_OK);
	CU_ASSERT_EQUAL(an->stats.packets, 5);
	CU_ASSERT_EQUAL(an->stats.l4, 5);
	CU_ASSERT_EQUAL(an->stats.udp.packets, 5);
	CU_ASSERT_EQUAL(an->stats.udp.bytes, 5 * sizeof(udp_frame));
	CU_ASSERT_EQUAL(an->stats.first_ts_ns, 1700000000ull * 1000000000u + 7);
	CU_ASSERT_EQUAL(an->stats.last_ts_ns, 1700000000ull * 1000000000u + 4007);
	CU_ASSERT_EQUAL(an->files[0].linktype, DLT_EN10MB);
	CU_ASSERT_EQUAL(an->files[0].packets, 5);
}

static void capture_several_files_add_up_in_order(void)
{
	const char *a = tmp_path("a.pcap"), *b = tmp_path("b.pcap");
	write_pcap(a, DLT_EN10MB, 3, 100);
	write_pcap(b, DLT_EN10MB, 4, 200);
	fresh();
	CU_ASSERT_EQUAL(capture_read_file(an, a), CAPTURE_OK);
	CU_ASSERT_EQUAL(capture_read_file(an, b), CAPTURE_OK);
	CU_ASSERT_EQUAL(an->nfiles, 2);
	CU_ASSERT_EQUAL(an->files[0].packets, 3);
	CU_ASSERT_EQUAL(an->files[1].packets, 4);
	CU_ASSERT_EQUAL(an->stats.packets, 7);
	CU_ASSERT_EQUAL(an->stats.ts_backwards, 0);
	CU_ASSERT_EQUAL(an->stats.last_ts_ns, 200ull * 1000000000u + 3007);
}

static long file_size(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return -1;
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fclose(f);
	return n;
}

static void capture_truncated_record_counts_packets_before(void)
{
	const char *p = tmp_path("cut.pcap");
	write_pcap(p, DLT_EN10MB, 3, 100);
	CU_ASSERT_EQUAL_FATAL(truncate(p, file_size(p) - 10), 0);
	fresh();
	CU_ASSERT_EQUAL(capture_read_file(an, p), CAPTURE_READ_FAILED);
	CU_ASSERT_EQUAL(an->stats.packets, 2);
	CU_ASSERT_PTR_NOT_NULL(strstr(an->files[0].error, "truncated"));
}

static void capture_truncated_record_header_is_read_error(void)
{
	const char *p = tmp_path("cuthdr.pcap");
	write_pcap(p, DLT_EN10MB, 2, 100);
	/* 24-byte file header + one whole record + 8 bytes of the next header */
	CU_ASSERT_EQUAL_FATAL(truncate(p, 24 + 16 + sizeof(udp_frame) + 8), 0);
	fresh();
	CU_ASSERT_EQUAL(capture_read_file(an, p), CAPTURE_READ_FAILED);
	CU_ASSERT_EQUAL(an->stats.packets, 1);
}

static void capture_truncated_file_header_does_not_open(void)
{
	const char *p = tmp_path("short.pcap");
	write_pcap(p, DLT_EN10MB, 1, 100);
	CU_ASSERT_EQUAL_FATAL(truncate(p, 10), 0);
	fresh();
	CU_ASSERT_EQUAL(capture_read_file(an, p), CAPTURE_OPEN_FAILED);
	CU_ASSERT_EQUAL(an->stats.packets, 0);
	CU_ASSERT_NOT_EQUAL(an->files[0].error[0], '\0');
}

static void capture_text_file_is_not_a_capture(void)
{
	const char *p = tmp_path("notes.txt");
	const char text[] = "this is not a packet capture, just some text\n";
	write_bytes(p, text, sizeof(text) - 1);
	fresh();
	CU_ASSERT_EQUAL(capture_read_file(an, p), CAPTURE_OPEN_FAILED);
	CU_ASSERT_PTR_NOT_NULL(strstr(an->files[0].error, "format"));
}

static void capture_missing_file_names_the_cause(void)
{
	fresh();
	CU_ASSERT_EQUAL(capture_read_file(an, tmp_path("nope.pcap")),
			CAPTURE_OPEN_FAILED);
	CU_ASSERT_PTR_NOT_NULL(strstr(an->files[0].error, "No such file"));
}

static void capture_unsupported_linktype_counts_every_packet(void)
{
	const char *p = tmp_path("user0.pcap");
	write_pcap(p, DLT_USER0, 4, 100);
	fresh();
	CU_ASSERT_EQUAL(capture_read_file(an, p), CAPTURE_UNSUPPORTED_LINK);
	CU_ASSERT_EQUAL(an->stats.packets, 4);
	CU_ASSERT_EQUAL(an->stats.errors, 4);
	CU_ASSERT_EQUAL(an->stats.by_error[DE_LINK_UNSUPPORTED], 4);
	CU_ASSERT_PTR_NOT_NULL(strstr(an->files[0].error, "unsupported link type 147"));
}

static void capture_oversized_record_is_read_error(void)
{
	const char *p = tmp_path("huge.pcap");
	write_pcap(p, DLT_EN10MB, 1, 100);
	/* Append a record header claiming 300000 captured bytes. */
	FILE *f = fopen(p, "ab");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	uint32_t rec[4] = { 100, 0, 300000, 300000 };
	fwrite(rec, sizeof(rec), 1, f);
	fwrite(udp_frame, sizeof(udp_frame), 1, f);
	fclose(f);
	fresh();
	CU_ASSERT_EQUAL(capture_read_file(an, p), CAPTURE_READ_FAILED);
	CU_ASSERT_EQUAL(an->stats.packets, 1);
}

/* pcapng by hand (draft-ietf-opsawg-pcapng): SHB, IDB, one EPB. */
static size_t build_pcapng(uint8_t *out)
{
	size_t n = 0;
	uint32_t shb[7] = { 0x0A0D0D0A, 28, 0x1A2B3C4D, 0x00000001,
			    0xffffffff, 0xffffffff, 28 };
	memcpy(out + n, shb, sizeof(shb));
	n += sizeof(shb);
	uint32_t idb[5] = { 1, 20, DLT_EN10MB, 65535, 20 };
	memcpy(out + n, idb, sizeof(idb));
	n += sizeof(idb);
	uint32_t pad = (4 - sizeof(udp_frame) % 4) % 4;
	uint32_t total = 32 + (uint32_t)sizeof(udp_frame) + pad;
	uint32_t epb[7] = { 6, total, 0, 0, 1000000, sizeof(udp_frame),
			    sizeof(udp_frame) };
	memcpy(out + n, epb, sizeof(epb));
	n += sizeof(epb);
	memcpy(out + n, udp_frame, sizeof(udp_frame));
	n += sizeof(udp_frame);
	memset(out + n, 0, pad);
	n += pad;
	memcpy(out + n, &total, 4);
	return n + 4;
}

static void capture_reads_pcapng(void)
{
	uint8_t buf[256];
	const char *p = tmp_path("one.pcapng");
	write_bytes(p, buf, build_pcapng(buf));
	fresh();
	CU_ASSERT_EQUAL(capture_read_file(an, p), CAPTURE_OK);
	CU_ASSERT_EQUAL(an->stats.packets, 1);
	CU_ASSERT_EQUAL(an->stats.udp.packets, 1);
	/* Default pcapng resolution is microseconds: 1000000 us = 1 s. */
	CU_ASSERT_EQUAL(an->stats.first_ts_ns, 1000000000ull);
}

/* Append one pcapng block: type, body (padded to 4), lengths. */
static size_t put_block(uint8_t *out, uint32_t type, const void *body, uint32_t len)
{
	uint32_t pad = (4 - len % 4) % 4, total = 12 + len + pad;
	memcpy(out, &type, 4);
	memcpy(out + 4, &total, 4);
	memcpy(out + 8, body, len);
	memset(out + 8 + len, 0, pad);
	memcpy(out + 8 + len + pad, &total, 4);
	return total;
}

static void capture_pcapng_mixed_link_types_read_to_the_end(void)
{
	uint8_t buf[1024], body[256];
	size_t n = 0;
	uint32_t shb[4] = { 0x1A2B3C4D, 0x00000001, 0xffffffff, 0xffffffff };
	n += put_block(buf + n, 0x0A0D0D0A, shb, sizeof(shb));
	/* IDB 0: Ethernet, microseconds; IDB 1: raw IPv4, nanoseconds. */
	uint32_t idb0[2] = { DLT_EN10MB, 65535 };
	n += put_block(buf + n, 1, idb0, sizeof(idb0));
	uint8_t idb1[16] = { 228, 0, 0, 0, 0xff, 0xff, 0, 0, 9, 0, 1, 0, 9, 0, 0, 0 };
	n += put_block(buf + n, 1, idb1, sizeof(idb1));
	for (uint32_t i = 0; i < 4; i++) { /* alternate interfaces */
		uint32_t ifc = i % 2;
		const uint8_t *frame = ifc ? udp_frame + 14 : udp_frame;
		uint32_t len = (uint32_t)(ifc ? sizeof(udp_frame) - 14 : sizeof(udp_frame));
		uint64_t ts = ifc ? 5000000000ull + i : 5000000ull + i; /* 5 s either way */
		uint32_t hdr[5] = { ifc, (uint32_t)(ts >> 32), (uint32_t)ts, len, len };
		memcpy(body, hdr, sizeof(hdr));
		memcpy(body + sizeof(hdr), frame, len);
		n += put_block(buf + n, 6, body, (uint32_t)sizeof(hdr) + len);
	}
	const char *p = tmp_path("mixed.pcapng");
	write_bytes(p, buf, n);
	fresh();
	CU_ASSERT_EQUAL(capture_read_file(an, p), CAPTURE_OK);
	CU_ASSERT_EQUAL(an->files[0].packets, 4);
	CU_ASSERT_EQUAL(an->stats.packets, 4);
	CU_ASSERT_EQUAL(an->stats.udp.packets, 4);
	CU_ASSERT_EQUAL(an->stats.errors, 0);
	CU_ASSERT_EQUAL(an->stats.first_ts_ns, 5000000000ull);
	CU_ASSERT_EQUAL(an->stats.last_ts_ns, 5000002000ull); /* 5000002 us on iface 0 */
}

/* analyzer_init builds the server-port bitmaps from the portdb, or uses
 * the caller's (the fuzz targets build them once per process). */
static void analyzer_server_ports_built_or_borrowed(void)
{
	static uint8_t mine[2][8192];
	struct analyzer_config cfg;

	fresh();
	const uint8_t (*sp)[8192] = an->cfg.flow.server_ports;
	CU_ASSERT_PTR_EQUAL(sp, (const uint8_t (*)[8192])an->server_ports);
	CU_ASSERT(sp[0][22 >> 3] & (1u << (22 & 7)));         /* ssh, well-known */
	CU_ASSERT(sp[0][3306 >> 3] & (1u << (3306 & 7)));     /* mysql, named */
	CU_ASSERT(sp[1][53 >> 3] & (1u << (53 & 7)));         /* domain */
	CU_ASSERT_FALSE(sp[0][50000 >> 3] & (1u << (50000 & 7))); /* dynamic */
	CU_ASSERT_FALSE(sp[0][0] & 1u);                        /* port 0 */
	analyzer_build_server_ports(an->cfg.portdb, mine);
	CU_ASSERT_EQUAL(memcmp(mine, an->server_ports, sizeof(mine)), 0);

	analyzer_free(an);
	analyzer_config_defaults(&cfg);
	cfg.flow.server_ports = (const uint8_t (*)[8192])mine;
	CU_ASSERT_EQUAL_FATAL(analyzer_init(an, &cfg), 0);
	CU_ASSERT_PTR_EQUAL(an->cfg.flow.server_ports, (const uint8_t (*)[8192])mine);
}

int test_capture_register(void)
{
	CU_pSuite s = CU_add_suite("capture", suite_init, suite_clean);
	if (!s ||
	    !CU_add_test(s, "reads_every_record_with_ns_timestamps",
			 capture_reads_every_record_with_ns_timestamps) ||
	    !CU_add_test(s, "several_files_add_up_in_order",
			 capture_several_files_add_up_in_order) ||
	    !CU_add_test(s, "truncated_record_counts_packets_before",
			 capture_truncated_record_counts_packets_before) ||
	    !CU_add_test(s, "truncated_record_header_is_read_error",
			 capture_truncated_record_header_is_read_error) ||
	    !CU_add_test(s, "truncated_file_header_does_not_open",
			 capture_truncated_file_header_does_not_open) ||
	    !CU_add_test(s, "text_file_is_not_a_capture",
			 capture_text_file_is_not_a_capture) ||
	    !CU_add_test(s, "missing_file_names_the_cause",
			 capture_missing_file_names_the_cause) ||
	    !CU_add_test(s, "unsupported_linktype_counts_every_packet",
			 capture_unsupported_linktype_counts_every_packet) ||
	    !CU_add_test(s, "oversized_record_is_read_error",
			 capture_oversized_record_is_read_error) ||
	    !CU_add_test(s, "reads_pcapng", capture_reads_pcapng) ||
	    !CU_add_test(s, "pcapng_mixed_link_types_read_to_the_end",
			 capture_pcapng_mixed_link_types_read_to_the_end) ||
	    !CU_add_test(s, "analyzer_server_ports_built_or_borrowed",
			 analyzer_server_ports_built_or_borrowed))
		return -1;
	return 0;
}
