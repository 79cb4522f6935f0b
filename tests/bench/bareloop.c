/* tests/bench/bareloop.c - the floor of every benchmark: a bare libpcap
 * read loop (pcap_dispatch with a callback that only counts), opened the
 * way portlens opens files (nanosecond precision). Prints the packet
 * count so the run cannot be optimized away. */
#include <pcap/pcap.h>
#include <stdio.h>

static void count(u_char *user, const struct pcap_pkthdr *h, const u_char *bytes)
{
	(void)h;
	(void)bytes;
	(*(unsigned long long *)user)++;
}

int main(int argc, char **argv)
{
	char err[PCAP_ERRBUF_SIZE];
	unsigned long long n = 0;
	if (argc != 2) {
		fputs("usage: bareloop FILE.pcap\n", stderr);
		return 2;
	}
	pcap_t *p = pcap_open_offline_with_tstamp_precision(argv[1], PCAP_TSTAMP_PRECISION_NANO, err);
	if (!p) {
		fprintf(stderr, "bareloop: %s\n", err);
		return 1;
	}
	while (pcap_dispatch(p, 4096, count, (u_char *)&n) > 0)
		;
	pcap_close(p);
	printf("%llu\n", n);
	return 0;
}
