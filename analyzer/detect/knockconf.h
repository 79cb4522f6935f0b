/* analyzer/detect/knockconf.h - knockd configuration (knockd(1), /etc/knockd.conf).
 * Reads the knock sections of a knockd config into flat rules that the
 * knock detector (knock.c) matches observed knock runs against. Commands,
 * paths and [options] are checked for syntax and otherwise dropped: we
 * never run or open anything a config names.
 *
 * Format (knockd(1) "CONFIGURATION"; knockd.c parseconfig()):
 *   # comment                 whole lines only, first non-blank byte '#'
 *   [options]                 global keys: logfile, pidfile, interface
 *   [Name]                    one knock section per name
 *   key = value               keys case-insensitive; blanks around key
 *                             and value are dropped; '#' inside a value is
 *                             data (commands may hold one), not a comment
 *   usesyslog                 the only key without '=' (any section)
 * Knock keys: sequence, open_sequence, close_sequence
 * ("port[:tcp|udp],...", tcp by default, blanks around items allowed),
 * seq_timeout (alias timeout; whole seconds), tcpflags (fin, syn, rst,
 * psh, ack, urg, each optionally "!"-negated), one_time_sequences,
 * cmd_timeout, command (alias start_command), stop_command, the _6
 * variants, target. Unknown keys are accepted and ignored, because
 * knockd versions and forks add keys; a known key in the wrong kind of
 * section (sequence in [options], logfile in a knock section) is an
 * error, as in knockd.
 *
 * Rules per knock section:
 *   sequence                         -> one rule "Name"
 *   open_sequence [+ close_sequence] -> "Name:open" [and "Name:close"]
 *   one_time_sequences, no sequence  -> no rule and no error: knockd takes
 *                                       the ports from that file, which
 *                                       we do not read (knockd(1) ex. 3)
 * open_sequence/close_sequence are not in mainline knockd's man page;
 * they are accepted for configs that use them. A section with both
 * sequence and open_sequence/close_sequence is an error, as is a knock
 * section with none of them (and no one_time_sequences).
 *
 * Where we are stricter than knockd (which uses atoi): ports, timeouts
 * and flags must parse exactly, so "70000", "7k" or "seq_timeout = 5s"
 * are errors instead of silently becoming another number. "[options]"
 * matches case-insensitively. Section names must be printable ASCII
 * (they are printed in JSON reports and error messages).
 *
 * Not for the hot path: load once at start-up. No globals; the result is
 * a plain array the caller owns. */
#ifndef PORTLENS_KNOCKCONF_H
#define PORTLENS_KNOCKCONF_H

#include <stddef.h>
#include <stdint.h>

#define KNOCKCONF_MAX_SEQ 32      /* ports in one sequence */
#define KNOCKCONF_NAME_MAX 63

/* Limits that bound work and memory on hostile input: a line longer than
 * KNOCKCONF_LINE_MAX bytes (without its newline) and input larger than
 * KNOCKCONF_FILE_MAX bytes are errors. */
#define KNOCKCONF_LINE_MAX 4096
#define KNOCKCONF_FILE_MAX (1u << 20)

/* knockd's SEQ_TIMEOUT, used when a section sets no seq_timeout. */
#define KNOCKCONF_DEFAULT_SEQ_TIMEOUT 25

/* TCP flag bits as in the TCP header's flags byte (RFC 9293 s3.1). */
#define KNOCKCONF_FIN 0x01
#define KNOCKCONF_SYN 0x02
#define KNOCKCONF_RST 0x04
#define KNOCKCONF_PSH 0x08
#define KNOCKCONF_ACK 0x10
#define KNOCKCONF_URG 0x20

struct knock_rule {
	char name[KNOCKCONF_NAME_MAX + 1 + 6]; /* section name, plus ":open"/":close" */
	uint16_t ports[KNOCKCONF_MAX_SEQ];
	uint8_t protos[KNOCKCONF_MAX_SEQ];     /* 6 tcp or 17 udp */
	uint8_t len;                            /* number of knocks, >= 1 */
	/* Seconds from the first knock to the last. KNOCKCONF_DEFAULT_SEQ_TIMEOUT
	 * (25) when the section sets none; an explicit "seq_timeout = 0" is kept
	 * as 0 (knockd then times out every knock after the first: it drops an
	 * attempt once whole seconds since its first knock >= seq_timeout). */
	uint32_t seq_timeout_s;
	/* TCP flag bits (KNOCKCONF_FIN ...) that must be set / must be clear
	 * ("!ack") on a TCP knock; 0,0 = any. A bit is never in both: the last
	 * mention wins ("syn,!syn" is clear). knockd applies them to TCP knocks
	 * only; UDP knocks ignore them. */
	uint16_t tcpflags_set, tcpflags_clear;
	/* The section names one_time_sequences: knockd replaces ports[] with
	 * the next line of that file, so a match on ports[] is only a hint. */
	uint8_t one_time;
	unsigned line;                          /* line of the section header */
};

struct knock_rules {
	struct knock_rule *v; /* owned: free with knockconf_free() */
	size_t n;
};

/* Parse knockd config text and append its rules to *rules, in file
 * order ("Name:open" before "Name:close"). *rules may be zeroed or hold
 * rules from an earlier load.
 *
 * Returns 0, or -1 and writes to err (when err is not NULL and errlen > 0;
 * truncated to fit): "NAME:LINE: what is wrong" for a bad line (for a
 * section that ends without a sequence, LINE is its header's), or
 * "NAME: what is wrong" for size limits and memory. On -1, *rules is
 * untouched (same v, same n, same contents): the whole input is parsed
 * into a private array before anything is appended.
 *
 * buf need not be NUL-terminated; any bytes are handled (NUL is an error).
 * buf may be NULL when len is 0. name labels messages (NULL: "buffer").
 * Both are borrowed for the call only. Appending may move rules->v:
 * pointers into it taken before the call are invalid after a 0 return. */
int knockconf_load_buffer(struct knock_rules *rules, const char *name,
			  const char *buf, size_t len, char *err, size_t errlen);

/* Same, for the file at path (which names the messages). Read whole,
 * at most KNOCKCONF_FILE_MAX bytes. A file that cannot be read gives
 * "PATH: strerror(errno)"; a larger one "PATH: larger than 1048576 bytes". */
int knockconf_load_file(struct knock_rules *rules, const char *path,
			char *err, size_t errlen);

/* Frees rules->v and sets v NULL, n 0. Safe on a zeroed struct, twice,
 * and on NULL. Does not free rules itself. */
void knockconf_free(struct knock_rules *rules);

#endif
