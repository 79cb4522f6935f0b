/* tests/fuzz/fuzz_pcapng.c - fuzz target: our own capture file readers,
 * analyzer/capture/pcapng.c (the mixed-link-type pcapng reader) and
 * analyzer/capture/capture.c (libpcap first, then pcapng.c on libpcap's
 * "different link type" refusal).
 * Input: a capture file, usually pcapng. It is written to a memfd and
 * read by path (/proc/self/fd/N), because both readers take a path:
 *   1. pcapng_read_rest(skip 0): every block through pcapng.c;
 *   2. capture_read_file(): the CLI's own path, as `portlens read` runs.
 * Both feed one analyzer (fuzz_analyzer.h), and then the report is built.
 * Checks: every packet a reader counted reached the analyzer, and the
 * error text is NUL-terminated.
 * Trap: pcapng.c allocates its 16 MiB block buffer per call; under ASan
 * that is an mmap, not touched beyond what is read, so it stays cheap. */
#define _GNU_SOURCE
#include <sys/mman.h>
#include <unistd.h>
#include "fuzz_analyzer.h"
#include "analyzer/capture/capture.h"
#include "analyzer/capture/pcapng.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[64];

	if (size > 0x100000)
		return 0;
	int fd = memfd_create("fuzz_pcapng", 0);
	if (fd < 0)
		abort();
	for (size_t off = 0; off < size;) {
		ssize_t n = write(fd, data + off, size - off);
		if (n <= 0)
			abort();
		off += (size_t)n;
	}
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);

	struct analyzer *an = fuzz_analyzer_new();
	struct input_file *f = &an->files[an->nfiles++];
	memset(f, 0, sizeof(*f));
	f->path = path;
	f->linktype = -1;
	int r = pcapng_read_rest(an, f, path, 0);
	FUZZ_CHECK(r == 0 || r == -1);
	FUZZ_CHECK(memchr(f->error, '\0', sizeof(f->error)) != NULL);
	FUZZ_CHECK(an->stats.packets == f->packets);

	enum capture_status st = capture_read_file(an, path);
	FUZZ_CHECK(an->nfiles == 2);
	FUZZ_CHECK(an->files[1].status == (int)st);
	FUZZ_CHECK(an->stats.packets == f->packets + an->files[1].packets);
	FUZZ_CHECK(memchr(an->files[1].error, '\0', sizeof(an->files[1].error)));

	/* IP packets were not counted per record here: use the decode
	 * stats, which fuzz_check_stats() has tied to the packet count. */
	fuzz_analyzer_end(an, an->stats.ipv4.packets + an->stats.ipv6.packets);
	close(fd);
	return 0;
}
