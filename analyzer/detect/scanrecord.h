/* analyzer/detect/scanrecord.h - what a flagged source did, as plain
 * data: the scan record that scan.c keeps for each flagged source and
 * scangroup.c merges for distributed and decoy scans, and that the
 * outputs write (alert.c). No JSON, no detector state. */
#ifndef PORTLENS_SCANRECORD_H
#define PORTLENS_SCANRECORD_H

#include <stdint.h>

enum scan_tech { SCAN_TECH_SYN = 0, SCAN_TECH_FIN, SCAN_TECH_NULL, SCAN_TECH_XMAS,
		 SCAN_TECH_ACK, SCAN_TECH_MAIMON, SCAN_TECH_UDP,
		 /* host discovery: ICMP echo (and ICMPv6 echo), timestamp and
		  * address-mask requests (RFC 792, RFC 950, RFC 4443) */
		 SCAN_TECH_ICMP_ECHO, SCAN_TECH_ICMP_TIMESTAMP, SCAN_TECH_ICMP_MASK,
		 /* host discovery on the local segment: ARP requests (RFC 826) */
		 SCAN_TECH_ARP,
		 /* a datagram of a protocol other than TCP, UDP and ICMP: what
		  * nmap -sO sends, one protocol number per probe */
		 SCAN_TECH_IP_PROTO,
		 /* host discovery over IPv6: neighbour solicitations (RFC 4861) */
		 SCAN_TECH_ND,
		 SCAN_TECH_COUNT };

/* Which detectors flagged the source (bits of scan_record.detectors). */
enum { SCAN_DET_TRW = 1, SCAN_DET_VERTICAL = 2, SCAN_DET_HORIZONTAL = 4 };

/* discovery: every probe asked whether a host is up (ICMP), none a port:
 * ATT&CK T1018 Remote System Discovery rather than T1046. */
enum scan_kind { SCAN_KIND_VERTICAL = 0, SCAN_KIND_HORIZONTAL, SCAN_KIND_BLOCK,
		 SCAN_KIND_DISCOVERY };

#define SCAN_TARGETS_LISTED 32 /* targets named in a record, first seen first */
#define SCAN_GROUP_MEMBERS 32  /* sources a distributed or decoy record names */
#define SCAN_MAX_GROUPS 32     /* distributed and decoy records kept */

/* A record that merges the records of several sources (docs/scan.md):
 * a distributed scan, where sources split one target's ports (Snort 3's
 * "distributed portscan"), or a decoy scan (nmap -D), where spoofed
 * sources send the real one's probes. */
enum scan_group { SCAN_GROUP_NONE = 0, SCAN_GROUP_DISTRIBUTED, SCAN_GROUP_DECOY };

struct scan_counters {
	uint64_t first_ts, last_ts;   /* ns: first and last probe */
	uint32_t probes, first_contacts, failures, successes;
	uint32_t abandoned;           /* of the successes: closed with no payload */
	uint32_t tech[SCAN_TECH_COUNT];
	uint32_t connect, halfopen;   /* SYN probes to open ports: how they ended */
	uint32_t unknown;             /* of the failures: unanswered when the input
				       * ended, before the probe timeout */
	uint32_t neutral;             /* of the successes: answers to host discovery */
};

/* One flagged source. Port bitmaps are [0] TCP, [1] UDP, bit port % 8 of
 * byte port / 8. Valid as long as the detector; it keeps growing while
 * the source goes on probing. */
struct scan_record {
	uint8_t src[16];
	uint8_t ip_ver;
	uint8_t detectors;            /* SCAN_DET_* */
	uint32_t flagged_after;       /* probes seen from it when flagged */
	struct scan_counters c;
	uint32_t nports;              /* distinct (transport, port) probed */
	uint8_t probed[2][8192], answered[2][8192], open[2][8192];
	uint32_t ndst;                /* distinct targets (exact up to a cap) */
	int dst_capped;               /* ndst stopped counting at the cap */
	uint32_t nlisted;
	uint8_t listed[SCAN_TARGETS_LISTED][16];
	/* Host discovery: targets that answered an ICMP request (found up),
	 * distinct; the first SCAN_TARGETS_LISTED of them listed. */
	uint32_t nup, nup_listed;
	uint8_t up_listed[SCAN_TARGETS_LISTED][16];
	/* IP protocols of the probes (bit p % 8 of byte p / 8), and those
	 * answered in their own protocol (open, as nmap -sO says). */
	uint32_t nprotos;
	uint8_t protos[32], protos_open[32];
	/* A merged record (group != SCAN_GROUP_NONE): the sources of the
	 * records it merges, in the order they joined. src is the likely
	 * real source of a decoy scan when real_known; else all zero. */
	uint8_t group;                /* enum scan_group */
	uint8_t real_known;
	uint32_t nsources;
	uint8_t sources[SCAN_GROUP_MEMBERS][16];
};

#endif
