/* tests/test_knockconf.c - knockd configuration parser (analyzer/detect/knockconf.c).
 * Checks the lab's config (an embedded copy, and samples/knockd.conf when
 * the run starts in the repository root), open/close sequences, mixed
 * transports, tcpflags with negation, defaults and knockd's leniencies,
 * every error with the line it names, file errors and size limits,
 * append semantics, and that a failed load leaves the rules untouched.
 * Hostile input (huge ports, empty input, a lone "[", long lines, NUL
 * bytes, every prefix of a config, every byte of one replaced by a
 * troublesome value) is parsed from exact-size heap copies so ASan sees
 * any overread. Allocation failure is not injected: the fixed API has no
 * allocator hook and STYLE.md allows no globals. Run under ASan+UBSan too
 * (make asan). */
#include <CUnit/CUnit.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "analyzer/detect/knockconf.h"

#define ERRLEN 256

/* samples/knockd.conf as the lab wrote it (make-samples.sh): the suite
 * must not depend on samples/ being there. */
static const char sample_conf[] =
	"# samples/knockd.conf - the knockd configuration used by make-samples.sh.\n"
	"# knockd runs inside the pl-tgt namespace (-i pl-tgt0), so the iptables\n"
	"# commands below change only that namespace's rules.  The lab adds\n"
	"#   iptables -A INPUT -p tcp -m multiport --dports 2222,8443 -j DROP\n"
	"# first; a completed sequence inserts an ACCEPT for the knocker above it.\n"
	"# No stop_command/cmd_timeout on purpose: knockd would keep a child asleep\n"
	"# for cmd_timeout and, on SIGTERM, wait for it; the lab deletes the whole\n"
	"# namespace (and its rules) after each scenario instead.\n"
	"# Also read by portlens --knockd-conf.\n"
	"[options]\n"
	"\t# logging: make-samples.sh passes -g <logfile>\n"
	"\n"
	"[openSSH]\n"
	"\tsequence      = 7000,8000,9000\n"
	"\tseq_timeout   = 5\n"
	"\ttcpflags      = syn\n"
	"\tcommand       = /usr/sbin/iptables -I INPUT 1 -s %IP% -p tcp --dport 2222 -j ACCEPT\n"
	"\n"
	"[openHTTPS-udp]\n"
	"\tsequence      = 7100:udp,7200:udp,7300:udp\n"
	"\tseq_timeout   = 5\n"
	"\tcommand       = /usr/sbin/iptables -I INPUT 1 -s %IP% -p tcp --dport 8443 -j ACCEPT\n";

/* ---- helpers ---- */

/* Loads len bytes of text from an exact-size heap copy (ASan sees any
 * read past the end). len 0 still passes a valid pointer. */
static int load(struct knock_rules *rules, const char *name, const char *text,
		size_t len, char *err, size_t errlen)
{
	char *copy = malloc(len ? len : 1);
	if (!copy)
		return -2;
	if (len)
		memcpy(copy, text, len);
	int r = knockconf_load_buffer(rules, name, copy, len, err, errlen);
	free(copy);
	return r;
}

static int load_str(struct knock_rules *rules, const char *text, char *err)
{
	return load(rules, "t", text, strlen(text), err, ERRLEN);
}

static const struct knock_rule *find(const struct knock_rules *rules,
				     const char *name)
{
	for (size_t i = 0; i < rules->n; i++)
		if (strcmp(rules->v[i].name, name) == 0)
			return &rules->v[i];
	return NULL;
}

static int starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

struct tmp {
	char dir[64];
	char path[128];
};

/* A fresh directory holding one file, name, with len bytes of data. */
static int tmp_file(struct tmp *t, const char *name, const char *data,
		    size_t len)
{
	snprintf(t->dir, sizeof(t->dir), "/tmp/knockconf-test-XXXXXX");
	if (!mkdtemp(t->dir))
		return -1;
	snprintf(t->path, sizeof(t->path), "%s/%s", t->dir, name);
	FILE *f = fopen(t->path, "wb");
	if (!f)
		return -1;
	size_t n = fwrite(data, 1, len, f);
	return (fclose(f) == 0 && n == len) ? 0 : -1;
}

static void tmp_remove(const struct tmp *t)
{
	unlink(t->path);
	rmdir(t->dir);
}

/* Invariants every loaded rule keeps, whatever the input was. */
static int rule_ok(const struct knock_rule *r)
{
	size_t nl = strnlen(r->name, sizeof(r->name));
	if (nl == 0 || nl == sizeof(r->name))
		return 0;
	for (size_t i = 0; i < nl; i++)
		if (r->name[i] < 0x20 || r->name[i] > 0x7e)
			return 0;
	if (r->len < 1 || r->len > KNOCKCONF_MAX_SEQ || r->line < 1)
		return 0;
	for (unsigned i = 0; i < r->len; i++)
		if (r->protos[i] != 6 && r->protos[i] != 17)
			return 0;
	return (r->tcpflags_set & r->tcpflags_clear) == 0 &&
	       ((r->tcpflags_set | r->tcpflags_clear) & ~0x3f) == 0;
}

/* The lab's two sections, wherever they came from. */
static void check_sample_rules(const struct knock_rules *rules)
{
	const struct knock_rule *ssh = find(rules, "openSSH");
	const struct knock_rule *udp = find(rules, "openHTTPS-udp");

	CU_ASSERT_EQUAL(rules->n, 2);
	CU_ASSERT_PTR_NOT_NULL_FATAL(ssh);
	CU_ASSERT_PTR_NOT_NULL_FATAL(udp);
	CU_ASSERT_EQUAL(ssh->len, 3);
	CU_ASSERT_EQUAL(ssh->ports[0], 7000);
	CU_ASSERT_EQUAL(ssh->ports[1], 8000);
	CU_ASSERT_EQUAL(ssh->ports[2], 9000);
	CU_ASSERT(ssh->protos[0] == 6 && ssh->protos[1] == 6 && ssh->protos[2] == 6);
	CU_ASSERT_EQUAL(ssh->seq_timeout_s, 5);
	CU_ASSERT_EQUAL(ssh->tcpflags_set, KNOCKCONF_SYN);
	CU_ASSERT_EQUAL(ssh->tcpflags_clear, 0);
	CU_ASSERT_EQUAL(ssh->one_time, 0);
	CU_ASSERT_EQUAL(udp->len, 3);
	CU_ASSERT_EQUAL(udp->ports[0], 7100);
	CU_ASSERT_EQUAL(udp->ports[1], 7200);
	CU_ASSERT_EQUAL(udp->ports[2], 7300);
	CU_ASSERT(udp->protos[0] == 17 && udp->protos[1] == 17 && udp->protos[2] == 17);
	CU_ASSERT_EQUAL(udp->seq_timeout_s, 5);
	CU_ASSERT_EQUAL(udp->tcpflags_set, 0);
	CU_ASSERT_EQUAL(udp->tcpflags_clear, 0);
	CU_ASSERT(ssh < udp); /* file order */
}

/* ---- accepted forms ---- */

static void knockconf_sample_config_gives_its_two_rules(void)
{
	struct knock_rules rules = { NULL, 0 };
	char err[ERRLEN] = "";

	CU_ASSERT_EQUAL_FATAL(load(&rules, "sample", sample_conf,
				   sizeof(sample_conf) - 1, err, sizeof(err)), 0);
	CU_ASSERT_STRING_EQUAL(err, "");
	check_sample_rules(&rules);
	CU_ASSERT_EQUAL(rules.v[0].line, 13);
	CU_ASSERT_EQUAL(rules.v[1].line, 19);
	knockconf_free(&rules);
	CU_ASSERT_PTR_NULL(rules.v);
	CU_ASSERT_EQUAL(rules.n, 0);
}

/* The real file, when the run starts in the repository root (make test). */
static void knockconf_samples_file_when_present(void)
{
	static const char path[] = "samples/knockd.conf";
	struct knock_rules rules = { NULL, 0 };
	char err[ERRLEN] = "";

	if (access(path, R_OK) != 0)
		return; /* not in the tree, or another cwd: the copy above covers it */
	CU_ASSERT_EQUAL_FATAL(knockconf_load_file(&rules, path, err, sizeof(err)), 0);
	check_sample_rules(&rules);
	knockconf_free(&rules);
}

static void knockconf_file_loads_like_buffer(void)
{
	struct knock_rules rules = { NULL, 0 };
	char err[ERRLEN] = "";
	struct tmp t;

	CU_ASSERT_FATAL(tmp_file(&t, "knockd.conf", sample_conf,
				 sizeof(sample_conf) - 1) == 0);
	CU_ASSERT_EQUAL(knockconf_load_file(&rules, t.path, err, sizeof(err)), 0);
	CU_ASSERT_STRING_EQUAL(err, "");
	check_sample_rules(&rules);
	knockconf_free(&rules);
	tmp_remove(&t);
}

static void knockconf_open_close_sequences_give_two_rules(void)
{
	static const char text[] =
		"[options]\n"
		"  logfile = /var/log/knockd.log\n"
		"[door]\n"
		"  open_sequence  = 1111,2222:udp\n"
		"  close_sequence = 3333:udp, 4444\n"
		"  seq_timeout    = 12\n"
		"  tcpflags       = syn\n"
		"  start_command  = true\n"
		"  cmd_timeout    = 30\n"
		"  stop_command   = true\n"
		"[halfdoor]\n"
		"  open_sequence  = 5555\n";
	struct knock_rules rules = { NULL, 0 };
	char err[ERRLEN] = "";

	CU_ASSERT_EQUAL_FATAL(load_str(&rules, text, err), 0);
	CU_ASSERT_EQUAL_FATAL(rules.n, 3);
	CU_ASSERT_STRING_EQUAL(rules.v[0].name, "door:open");
	CU_ASSERT_STRING_EQUAL(rules.v[1].name, "door:close");
	CU_ASSERT_STRING_EQUAL(rules.v[2].name, "halfdoor:open");
	const struct knock_rule *o = &rules.v[0], *c = &rules.v[1];
	CU_ASSERT_EQUAL(o->len, 2);
	CU_ASSERT(o->ports[0] == 1111 && o->protos[0] == 6);
	CU_ASSERT(o->ports[1] == 2222 && o->protos[1] == 17);
	CU_ASSERT_EQUAL(c->len, 2);
	CU_ASSERT(c->ports[0] == 3333 && c->protos[0] == 17);
	CU_ASSERT(c->ports[1] == 4444 && c->protos[1] == 6);
	/* Section settings reach both rules; line is the header's. */
	CU_ASSERT(o->seq_timeout_s == 12 && c->seq_timeout_s == 12);
	CU_ASSERT(o->tcpflags_set == KNOCKCONF_SYN && c->tcpflags_set == KNOCKCONF_SYN);
	CU_ASSERT(o->line == 3 && c->line == 3);
	CU_ASSERT_EQUAL(rules.v[2].line, 11);
	CU_ASSERT_EQUAL(rules.v[2].seq_timeout_s, KNOCKCONF_DEFAULT_SEQ_TIMEOUT);
	knockconf_free(&rules);
}

static void knockconf_mixed_transports_and_blanks(void)
{
	static const char text[] =
		"[mixed]\n"
		"sequence = 7000:udp,8000:tcp, 9000\n"
		"[spaced]\n"
		"sequence=\t 1 :UDP ,2: Tcp,\t3:udp  \t\n"
		"[edges]\n"
		"sequence = 0,65535:udp,00080\n";
	struct knock_rules rules = { NULL, 0 };
	char err[ERRLEN] = "";

	CU_ASSERT_EQUAL_FATAL(load_str(&rules, text, err), 0);
	CU_ASSERT_EQUAL_FATAL(rules.n, 3);
	const struct knock_rule *m = find(&rules, "mixed");
	const struct knock_rule *s = find(&rules, "spaced");
	const struct knock_rule *e = find(&rules, "edges");
	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	CU_ASSERT_EQUAL(m->len, 3);
	CU_ASSERT(m->ports[0] == 7000 && m->protos[0] == 17);
	CU_ASSERT(m->ports[1] == 8000 && m->protos[1] == 6);
	CU_ASSERT(m->ports[2] == 9000 && m->protos[2] == 6);
	CU_ASSERT_EQUAL(s->len, 3);
	CU_ASSERT(s->ports[0] == 1 && s->protos[0] == 17);
	CU_ASSERT(s->ports[1] == 2 && s->protos[1] == 6);
	CU_ASSERT(s->ports[2] == 3 && s->protos[2] == 17);
	CU_ASSERT_EQUAL(e->len, 3);
	CU_ASSERT(e->ports[0] == 0 && e->protos[0] == 6);
	CU_ASSERT(e->ports[1] == 65535 && e->protos[1] == 17);
	CU_ASSERT_EQUAL(e->ports[2], 80);
	knockconf_free(&rules);
}

static void knockconf_tcpflags_with_negation(void)
{
	static const char text[] =
		"[a]\nsequence = 1\ntcpflags = syn,!ack\n"
		"[b]\nsequence = 1\ntcpflags = FIN , !Syn,!rst, psh,URG\n"
		"[c]\nsequence = 1\ntcpflags = syn,!syn\n"      /* last mention wins */
		"[d]\nsequence = 1\ntcpflags = syn\ntcpflags = !ack\n" /* lines add */
		"[e]\nsequence = 1\ntcpflags = !ack\ntcpflags = ack\n"
		"[f]\nsequence = 1:udp\n";
	struct knock_rules rules = { NULL, 0 };
	char err[ERRLEN] = "";

	CU_ASSERT_EQUAL_FATAL(load_str(&rules, text, err), 0);
	CU_ASSERT_EQUAL_FATAL(rules.n, 6);
	CU_ASSERT_EQUAL(rules.v[0].tcpflags_set, KNOCKCONF_SYN);
	CU_ASSERT_EQUAL(rules.v[0].tcpflags_clear, KNOCKCONF_ACK);
	CU_ASSERT_EQUAL(rules.v[1].tcpflags_set,
			KNOCKCONF_FIN | KNOCKCONF_PSH | KNOCKCONF_URG);
	CU_ASSERT_EQUAL(rules.v[1].tcpflags_clear, KNOCKCONF_SYN | KNOCKCONF_RST);
	CU_ASSERT_EQUAL(rules.v[2].tcpflags_set, 0);
	CU_ASSERT_EQUAL(rules.v[2].tcpflags_clear, KNOCKCONF_SYN);
	CU_ASSERT_EQUAL(rules.v[3].tcpflags_set, KNOCKCONF_SYN);
	CU_ASSERT_EQUAL(rules.v[3].tcpflags_clear, KNOCKCONF_ACK);
	CU_ASSERT_EQUAL(rules.v[4].tcpflags_set, KNOCKCONF_ACK);
	CU_ASSERT_EQUAL(rules.v[4].tcpflags_clear, 0);
	CU_ASSERT_EQUAL(rules.v[5].tcpflags_set, 0); /* none given: any */
	CU_ASSERT_EQUAL(rules.v[5].tcpflags_clear, 0);
	/* The header's bit values: the TCP flags byte (RFC 9293 s3.1). */
	CU_ASSERT(KNOCKCONF_FIN == 0x01 && KNOCKCONF_SYN == 0x02 &&
		  KNOCKCONF_RST == 0x04 && KNOCKCONF_PSH == 0x08 &&
		  KNOCKCONF_ACK == 0x10 && KNOCKCONF_URG == 0x20);
	knockconf_free(&rules);
}

static void knockconf_knockd_leniencies_accepted(void)
{
	static const char text[] =
		"   # indented comment\r\n"
		"\r\n"
		"[Options]\r\n"                  /* any case */
		"UseSyslog\r\n"                  /* the one key without '=' */
		"  Interface =  eth1  \r\n"
		"  PidFile=/run/knockd.pid\r\n"
		"  some_future_option = 1\r\n"   /* unknown: ignored */
		"  [ spaced ]  \r\n"
		"\tSEQUENCE\t=\t1,2,3\t\r\n"
		"\tTimeout = 7\r\n"              /* knockd's alias of seq_timeout */
		"\tCommand = echo a=b # not a comment, and [not] a header\r\n"
		"\tstart_command_6 = true\r\n"
		"\ttarget = 10.0.0.1\r\n"
		"\tusesyslog = yes\r\n"
		"\tno_such_key = [x\r\n"
		"\tsequence = 4,5\r\n"          /* a later line replaces */
		"[zero]\n"
		"sequence = 9\n"
		"seq_timeout = 0\n"
		"[last]\n"
		"sequence = 10"; /* no final newline */
	struct knock_rules rules = { NULL, 0 };
	char err[ERRLEN] = "";

	CU_ASSERT_EQUAL_FATAL(load_str(&rules, text, err), 0);
	CU_ASSERT_STRING_EQUAL(err, "");
	CU_ASSERT_EQUAL_FATAL(rules.n, 3);
	CU_ASSERT_STRING_EQUAL(rules.v[0].name, "spaced");
	CU_ASSERT_EQUAL(rules.v[0].line, 8);
	CU_ASSERT_EQUAL(rules.v[0].len, 2);
	CU_ASSERT(rules.v[0].ports[0] == 4 && rules.v[0].ports[1] == 5);
	CU_ASSERT_EQUAL(rules.v[0].seq_timeout_s, 7);
	CU_ASSERT_EQUAL(rules.v[1].seq_timeout_s, 0); /* explicit 0 kept */
	CU_ASSERT_EQUAL(rules.v[2].seq_timeout_s, 25); /* knockd's default */
	CU_ASSERT_EQUAL(rules.v[2].len, 1);
	CU_ASSERT_EQUAL(rules.v[2].ports[0], 10);
	knockconf_free(&rules);
}

static void knockconf_one_time_sequences_recorded(void)
{
	static const char text[] =
		"[fixed]\n"
		"sequence = 1,2\n"
		"[otp]\n"                             /* knockd(1) example 3 */
		"one_time_sequences = /etc/knockd/smtp_sequences\n"
		"seq_timeout = 15\n"
		"tcpflags = fin,!ack\n"
		"[otp-with-seq]\n"
		"one_time_sequences = /etc/x\n"
		"sequence = 3,4\n"
		"[otp-open]\n"
		"one_time_sequences = /etc/y\n"
		"open_sequence = 5\n"
		"close_sequence = 6\n";
	struct knock_rules rules = { NULL, 0 };
	char err[ERRLEN] = "";

	CU_ASSERT_EQUAL_FATAL(load_str(&rules, text, err), 0);
	CU_ASSERT_EQUAL_FATAL(rules.n, 4); /* [otp] alone: ports unknown, no rule */
	CU_ASSERT_STRING_EQUAL(rules.v[0].name, "fixed");
	CU_ASSERT_EQUAL(rules.v[0].one_time, 0);
	CU_ASSERT_STRING_EQUAL(rules.v[1].name, "otp-with-seq");
	CU_ASSERT_EQUAL(rules.v[1].one_time, 1);
	CU_ASSERT_STRING_EQUAL(rules.v[2].name, "otp-open:open");
	CU_ASSERT_EQUAL(rules.v[2].one_time, 1);
	CU_ASSERT_STRING_EQUAL(rules.v[3].name, "otp-open:close");
	CU_ASSERT_EQUAL(rules.v[3].one_time, 1);
	CU_ASSERT_PTR_NULL(find(&rules, "otp"));
	knockconf_free(&rules);
}

static void knockconf_limits_are_exact(void)
{
	struct knock_rules rules = { NULL, 0 };
	char text[1024], err[ERRLEN] = "", name[KNOCKCONF_NAME_MAX + 1];
	size_t off;

	/* KNOCKCONF_MAX_SEQ ports pass; one more fails. */
	off = (size_t)sprintf(text, "[max]\nsequence = ");
	for (int i = 0; i < KNOCKCONF_MAX_SEQ; i++)
		off += (size_t)sprintf(text + off, "%s%d:udp", i ? "," : "", 1000 + i);
	CU_ASSERT_EQUAL_FATAL(load_str(&rules, text, err), 0);
	CU_ASSERT_EQUAL_FATAL(rules.n, 1);
	CU_ASSERT_EQUAL(rules.v[0].len, KNOCKCONF_MAX_SEQ);
	CU_ASSERT_EQUAL(rules.v[0].ports[KNOCKCONF_MAX_SEQ - 1], 1000 + KNOCKCONF_MAX_SEQ - 1);
	CU_ASSERT_EQUAL(rules.v[0].protos[KNOCKCONF_MAX_SEQ - 1], 17);
	sprintf(text + off, ",9");
	CU_ASSERT_EQUAL(load_str(&rules, text, err), -1);
	CU_ASSERT_STRING_EQUAL(err, "t:2: more than 32 ports in sequence");

	/* A 63-byte name still fits with ":close". */
	memset(name, 'n', KNOCKCONF_NAME_MAX);
	name[KNOCKCONF_NAME_MAX] = '\0';
	snprintf(text, sizeof(text), "[%s]\nopen_sequence=1\nclose_sequence=2\n", name);
	CU_ASSERT_EQUAL_FATAL(load_str(&rules, text, err), 0);
	CU_ASSERT_EQUAL_FATAL(rules.n, 3);
	CU_ASSERT_EQUAL(strlen(rules.v[2].name), KNOCKCONF_NAME_MAX + 6);
	CU_ASSERT(starts_with(rules.v[2].name, name));
	CU_ASSERT_STRING_EQUAL(rules.v[2].name + KNOCKCONF_NAME_MAX, ":close");
	snprintf(text, sizeof(text), "[%sx]\nsequence=1\n", name);
	CU_ASSERT_EQUAL(load_str(&rules, text, err), -1);
	CU_ASSERT_STRING_EQUAL(err, "t:1: section name longer than 63 bytes");

	/* seq_timeout up to UINT32_MAX. */
	CU_ASSERT_EQUAL(load_str(&rules, "[big]\nsequence=1\nseq_timeout=4294967295\n",
				 err), 0);
	CU_ASSERT_EQUAL(rules.v[rules.n - 1].seq_timeout_s, 4294967295u);
	knockconf_free(&rules);
}

static void knockconf_line_limit_is_exact(void)
{
	const size_t max = KNOCKCONF_LINE_MAX;
	char *text = malloc(max + 32);
	struct knock_rules rules = { NULL, 0 };
	char err[ERRLEN] = "";

	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	/* "[a]\n" then a comment line of exactly max bytes. */
	memcpy(text, "[a]\nsequence=1\n#", 16);
	memset(text + 16, 'c', max - 1);
	text[15 + max] = '\n';
	CU_ASSERT_EQUAL(load(&rules, "t", text, 16 + max, err, sizeof(err)), 0);
	CU_ASSERT_EQUAL(rules.n, 1);
	/* One byte more (without the newline) is refused, naming line 3. */
	text[15 + max] = 'c';
	text[16 + max] = '\n';
	CU_ASSERT_EQUAL(load(&rules, "t", text, 17 + max, err, sizeof(err)), -1);
	CU_ASSERT_STRING_EQUAL(err, "t:3: line longer than 4096 bytes");
	CU_ASSERT_EQUAL(rules.n, 1);
	knockconf_free(&rules);
	free(text);
}

/* ---- errors ---- */

struct bad {
	const char *text;
	const char *msg; /* the whole message for NAME "t" */
};

static void knockconf_errors_name_their_line(void)
{
	static const struct bad cases[] = {
		/* outside any section */
		{ "# c\nsequence = 1,2\n", "t:2: 'sequence = 1,2' is outside any section" },
		{ "usesyslog\n[a]\nsequence=1\n", "t:1: 'usesyslog' is outside any section" },
		/* headers */
		{ "[a]\nsequence=1\n[b\n", "t:3: section header does not end with ']'" },
		{ "[a] # x\n", "t:1: section header does not end with ']'" },
		{ "\n\n[\n", "t:3: section header does not end with ']'" },
		{ "\n[ ]\n", "t:2: empty section name" },
		{ "[]\n", "t:1: empty section name" },
		{ "[a\x01" "b]\n", "t:1: byte 0x01 in section name is not printable ASCII" },
		{ "[caf\xc3\xa9]\n", "t:1: byte 0xc3 in section name is not printable ASCII" },
		/* keys */
		{ "[a]\nsequence 1,2\n", "t:2: no '=' after key 'sequence 1,2'" },
		{ "[options]\nlogfile\n", "t:2: no '=' after key 'logfile'" },
		{ "[a]\nsequence=1\n= 5\n", "t:3: missing key before '='" },
		{ "[options]\nsequence = 1\n", "t:2: 'sequence' belongs in a knock section, not [options]" },
		{ "[options]\ntcpflags = syn\n", "t:2: 'tcpflags' belongs in a knock section, not [options]" },
		{ "[a]\nsequence = 1\nlogfile = /x\n", "t:3: 'logfile' belongs in [options], not a knock section" },
		{ "[a]\none_time_sequences =\n", "t:2: one_time_sequences has no file path" },
		/* ports */
		{ "[a]\nsequence = 1,abc\n", "t:2: port 'abc' is not a number 0-65535" },
		{ "[a]\nsequence = 65536\n", "t:2: port '65536' is not a number 0-65535" },
		{ "[a]\nsequence = -1\n", "t:2: port '-1' is not a number 0-65535" },
		{ "[a]\nsequence = 7000x\n", "t:2: port '7000x' is not a number 0-65535" },
		{ "[a]\nsequence = 0x1f\n", "t:2: port '0x1f' is not a number 0-65535" },
		{ "[a]\nsequence = 1 2\n", "t:2: port '1 2' is not a number 0-65535" },
		{ "[a]\nsequence = :udp\n", "t:2: port '' is not a number 0-65535" },
		{ "[a]\nsequence = 123456789012345678901234567890123456789\n",
		  "t:2: port '12345678901234567890123456789012...' is not a number 0-65535" },
		/* transports */
		{ "[a]\nsequence = 7000:icmp\n", "t:2: unknown transport 'icmp' after port 7000 (tcp or udp)" },
		{ "[a]\nsequence = 7000:\n", "t:2: unknown transport '' after port 7000 (tcp or udp)" },
		{ "[a]\nsequence = 7000:tcp:udp\n", "t:2: unknown transport 'tcp:udp' after port 7000 (tcp or udp)" },
		{ "[a]\nsequence = 7000:sctp\n", "t:2: unknown transport 'sctp' after port 7000 (tcp or udp)" },
		/* empty items */
		{ "[a]\nsequence = 7000,,8000\n", "t:2: empty item in sequence" },
		{ "[a]\nsequence = 7000,\n", "t:2: empty item in sequence" },
		{ "[a]\nsequence = ,7000\n", "t:2: empty item in sequence" },
		{ "[a]\nopen_sequence = 1, ,2\n", "t:2: empty item in open_sequence" },
		{ "[a]\nclose_sequence = 1,\n", "t:2: empty item in close_sequence" },
		{ "[a]\nsequence =\n", "t:2: sequence has no ports" },
		/* seq_timeout */
		{ "[a]\nsequence = 1\nseq_timeout = 5s\n", "t:3: seq_timeout '5s' is not a number of seconds" },
		{ "[a]\nsequence = 1\nseq_timeout =\n", "t:3: seq_timeout '' is not a number of seconds" },
		{ "[a]\nsequence = 1\nseq_timeout = -1\n", "t:3: seq_timeout '-1' is not a number of seconds" },
		{ "[a]\nsequence = 1\nseq_timeout = 4294967296\n",
		  "t:3: seq_timeout '4294967296' is not a number of seconds" },
		{ "[a]\nsequence = 1\ntimeout = ten\n", "t:3: seq_timeout 'ten' is not a number of seconds" },
		/* tcpflags */
		{ "[a]\nsequence = 1\ntcpflags = syn,foo\n",
		  "t:3: unknown tcpflags flag 'foo' (fin, syn, rst, psh, ack, urg; '!' negates)" },
		{ "[a]\nsequence = 1\ntcpflags = !\n",
		  "t:3: unknown tcpflags flag '!' (fin, syn, rst, psh, ack, urg; '!' negates)" },
		{ "[a]\nsequence = 1\ntcpflags = ! syn\n",
		  "t:3: unknown tcpflags flag '! syn' (fin, syn, rst, psh, ack, urg; '!' negates)" },
		{ "[a]\nsequence = 1\ntcpflags = syn|ack\n",
		  "t:3: unknown tcpflags flag 'syn|ack' (fin, syn, rst, psh, ack, urg; '!' negates)" },
		{ "[a]\nsequence = 1\ntcpflags = syn,,ack\n", "t:3: empty item in tcpflags" },
		{ "[a]\nsequence = 1\ntcpflags =\n", "t:3: empty item in tcpflags" },
		/* sections that end without a sequence: the header's line */
		{ "[a]\nseq_timeout = 5\n[b]\nsequence = 1\n",
		  "t:1: section 'a' has no sequence or open_sequence" },
		{ "[options]\n\n[c]\ntcpflags = syn\n",
		  "t:3: section 'c' has no sequence or open_sequence" },
		{ "[ok]\nsequence=1\n[d]\n", "t:3: section 'd' has no sequence or open_sequence" },
		{ "[e]\nclose_sequence = 1\n", "t:1: section 'e' has no sequence or open_sequence" },
		{ "[f]\none_time_sequences = /x\nclose_sequence = 1\n",
		  "t:1: section 'f' has no sequence or open_sequence" },
		{ "[g]\nsequence = 1\nopen_sequence = 2\n[h]\nsequence = 3\n",
		  "t:1: section 'g' has both sequence and open_sequence/close_sequence" },
		{ "[i]\nclose_sequence = 2\nsequence = 1\n",
		  "t:1: section 'i' has both sequence and open_sequence/close_sequence" },
		/* bytes */
		{ "[a]\r\nsequence=1\r\nbad\x7f\r\n", "t:3: no '=' after key 'bad?'" },
	};
	struct knock_rules rules = { NULL, 0 };
	char err[ERRLEN];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		err[0] = '\0';
		int r = load_str(&rules, cases[i].text, err);
		if (r != -1 || strcmp(err, cases[i].msg) != 0)
			fprintf(stderr, "\n  case %zu: got %d \"%s\", want \"%s\"",
				i, r, err, cases[i].msg);
		CU_ASSERT_EQUAL(r, -1);
		CU_ASSERT_STRING_EQUAL(err, cases[i].msg);
		CU_ASSERT_EQUAL(rules.n, 0);
		CU_ASSERT_PTR_NULL(rules.v);
	}
}

static void knockconf_nul_byte_names_its_line(void)
{
	static const char text[] = "[a]\nsequence=1\n#ok\nseq\0uence=2\n";
	struct knock_rules rules = { NULL, 0 };
	char err[ERRLEN] = "";

	CU_ASSERT_EQUAL(load(&rules, "nul", text, sizeof(text) - 1, err,
			     sizeof(err)), -1);
	CU_ASSERT_STRING_EQUAL(err, "nul:4: NUL byte in line");
	/* Even inside a comment. */
	CU_ASSERT_EQUAL(load(&rules, "nul", "#\0\n", 3, err, sizeof(err)), -1);
	CU_ASSERT_STRING_EQUAL(err, "nul:1: NUL byte in line");
	CU_ASSERT_EQUAL(rules.n, 0);
}

static void knockconf_missing_file_gives_strerror(void)
{
	static const char missing[] = "/nonexistent-knockconf-dir/knockd.conf";
	struct knock_rules rules = { NULL, 0 };
	char err[ERRLEN] = "", want[ERRLEN + 64];
	struct tmp t;

	CU_ASSERT_EQUAL(knockconf_load_file(&rules, missing, err, sizeof(err)), -1);
	snprintf(want, sizeof(want), "%s: %s", missing, strerror(ENOENT));
	CU_ASSERT_STRING_EQUAL(err, want);
	/* A directory opens but cannot be read. */
	CU_ASSERT_FATAL(tmp_file(&t, "x", "", 0) == 0);
	CU_ASSERT_EQUAL(knockconf_load_file(&rules, t.dir, err, sizeof(err)), -1);
	snprintf(want, sizeof(want), "%s: %s", t.dir, strerror(EISDIR));
	CU_ASSERT_STRING_EQUAL(err, want);
	/* An empty file is a config with no knocks. */
	CU_ASSERT_EQUAL(knockconf_load_file(&rules, t.path, err, sizeof(err)), 0);
	CU_ASSERT_EQUAL(rules.n, 0);
	/* A bad line is named by the path. */
	tmp_remove(&t);
	CU_ASSERT_FATAL(tmp_file(&t, "bad.conf", "[a]\nsequence = 70000\n", 21) == 0);
	CU_ASSERT_EQUAL(knockconf_load_file(&rules, t.path, err, sizeof(err)), -1);
	snprintf(want, sizeof(want), "%s:2: port '70000' is not a number 0-65535",
		 t.path);
	CU_ASSERT_STRING_EQUAL(err, want);
	tmp_remove(&t);
	CU_ASSERT_EQUAL(rules.n, 0);
	CU_ASSERT_PTR_NULL(rules.v);
}

static void knockconf_input_over_size_limit_refused(void)
{
	const size_t max = KNOCKCONF_FILE_MAX;
	struct knock_rules rules = { NULL, 0 };
	char err[ERRLEN] = "", want[ERRLEN + 64];
	struct tmp t;

	/* Files: one byte over is refused before parsing ... */
	CU_ASSERT_FATAL(tmp_file(&t, "huge", "", 0) == 0);
	CU_ASSERT_FATAL(truncate(t.path, (off_t)max + 1) == 0);
	CU_ASSERT_EQUAL(knockconf_load_file(&rules, t.path, err, sizeof(err)), -1);
	snprintf(want, sizeof(want), "%s: larger than 1048576 bytes", t.path);
	CU_ASSERT_STRING_EQUAL(err, want);
	/* ... and at the limit the file is read whole, then parsed: 1 MiB of
	 * zeros is one overlong line. */
	CU_ASSERT_FATAL(truncate(t.path, (off_t)max) == 0);
	CU_ASSERT_EQUAL(knockconf_load_file(&rules, t.path, err, sizeof(err)), -1);
	snprintf(want, sizeof(want), "%s:1: line longer than 4096 bytes", t.path);
	CU_ASSERT_STRING_EQUAL(err, want);
	tmp_remove(&t);

	/* Buffers: the same limit. 1 MiB of newlines is an empty config. */
	char *buf = malloc(max + 1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(buf);
	memset(buf, '\n', max + 1);
	CU_ASSERT_EQUAL(knockconf_load_buffer(&rules, "nl", buf, max, err,
					      sizeof(err)), 0);
	CU_ASSERT_EQUAL(knockconf_load_buffer(&rules, "nl", buf, max + 1, err,
					      sizeof(err)), -1);
	CU_ASSERT_STRING_EQUAL(err, "nl: larger than 1048576 bytes");
	CU_ASSERT_EQUAL(rules.n, 0);
	free(buf);
}

/* ---- hostile input ---- */

static void knockconf_hostile_buffers_handled_cleanly(void)
{
	static const char nul_only[] = "\0";
	static const struct {
		const char *what;
		const char *text;
		size_t len;      /* 0: strlen(text) */
		int ret;
		const char *msg; /* NULL: no error expected */
	} cases[] = {
		{ "huge port", "[a]\nsequence=99999999999999999999999999999999999999999999\n", 0,
		  -1, "h:2: port '99999999999999999999999999999999...' is not a number 0-65535" },
		{ "port 2^64+80 (wraps to 80 unless accumulation stops)",
		  "[a]\nsequence=18446744073709551696\n", 0,
		  -1, "h:2: port '18446744073709551696' is not a number 0-65535" },
		{ "port 2^32+1", "[a]\nsequence=4294967297\n", 0,
		  -1, "h:2: port '4294967297' is not a number 0-65535" },
		{ "lone [", "[", 0, -1, "h:1: section header does not end with ']'" },
		{ "lone ]", "]", 0, -1, "h:1: ']' is outside any section" },
		{ "lone =", "=", 0, -1, "h:1: '=' is outside any section" },
		{ "lone #", "#", 0, 0, NULL },
		{ "lone newline", "\n", 0, 0, NULL },
		{ "lone CR", "\r", 0, 0, NULL },
		{ "only NUL", nul_only, 1, -1, "h:1: NUL byte in line" },
		{ "header at end", "[a]", 0, -1, "h:1: section 'a' has no sequence or open_sequence" },
		{ "key at end", "[a]\nsequence", 0, -1, "h:2: no '=' after key 'sequence'" },
		{ "eq at end", "[a]\nsequence=", 0, -1, "h:2: sequence has no ports" },
		{ "comma at end", "[a]\nsequence=1,", 0, -1, "h:2: empty item in sequence" },
		{ "colon at end", "[a]\nsequence=1:", 0, -1,
		  "h:2: unknown transport '' after port 1 (tcp or udp)" },
		{ "bang at end", "[a]\nsequence=1\ntcpflags=!", 0, -1,
		  "h:3: unknown tcpflags flag '!' (fin, syn, rst, psh, ack, urg; '!' negates)" },
		{ "control bytes quoted safely", "[a]\n\x1b[2J\x1b]0;x\a\n", 0, -1,
		  "h:2: no '=' after key '?[2J?]0;x?'" },
		{ "high bytes in a value", "[a]\nsequence=1\ncommand=\xff\xfe\n", 0, 0, NULL },
	};
	char err[ERRLEN];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct knock_rules rules = { NULL, 0 };
		size_t len = cases[i].len ? cases[i].len : strlen(cases[i].text);
		err[0] = '\0';
		int r = load(&rules, "h", cases[i].text, len, err, sizeof(err));
		const char *want = cases[i].msg ? cases[i].msg : "";
		if (r != cases[i].ret || strcmp(err, want) != 0)
			fprintf(stderr, "\n  %s: got %d \"%s\", want %d \"%s\"",
				cases[i].what, r, err, cases[i].ret, want);
		CU_ASSERT_EQUAL(r, cases[i].ret);
		CU_ASSERT_STRING_EQUAL(err, want);
		knockconf_free(&rules);
	}

	/* Zero bytes: from a valid pointer and from NULL. */
	struct knock_rules rules = { NULL, 0 };
	err[0] = '\0';
	CU_ASSERT_EQUAL(load(&rules, "h", "", 0, err, sizeof(err)), 0);
	CU_ASSERT_EQUAL(knockconf_load_buffer(&rules, "h", NULL, 0, err, sizeof(err)), 0);
	CU_ASSERT_STRING_EQUAL(err, "");
	CU_ASSERT_EQUAL(rules.n, 0);
	CU_ASSERT_PTR_NULL(rules.v);
	/* Misuse is refused, not a crash. */
	CU_ASSERT_EQUAL(knockconf_load_buffer(&rules, "h", NULL, 5, err, sizeof(err)), -1);
	CU_ASSERT_EQUAL(knockconf_load_buffer(NULL, "h", "", 0, err, sizeof(err)), -1);
	CU_ASSERT_EQUAL(knockconf_load_file(&rules, NULL, err, sizeof(err)), -1);
}

static void knockconf_very_long_line_rejected_without_overflow(void)
{
	const size_t len = 200000;
	char *buf = malloc(len);
	struct knock_rules rules = { NULL, 0 };
	char err[ERRLEN] = "";

	CU_ASSERT_PTR_NOT_NULL_FATAL(buf);
	memcpy(buf, "[a]\nsequence = ", 15);
	for (size_t i = 15; i < len; i++)
		buf[i] = (i % 2) ? '9' : ',';
	CU_ASSERT_EQUAL(knockconf_load_buffer(&rules, "long", buf, len, err,
					      sizeof(err)), -1);
	CU_ASSERT_STRING_EQUAL(err, "long:2: line longer than 4096 bytes");
	/* A tiny err buffer is truncated, not overrun; NULL err is allowed. */
	char small[8];
	CU_ASSERT_EQUAL(knockconf_load_buffer(&rules, "long", buf, len, small,
					      sizeof(small)), -1);
	CU_ASSERT_STRING_EQUAL(small, "long:2:");
	CU_ASSERT_EQUAL(knockconf_load_buffer(&rules, "long", buf, len, NULL, 0), -1);
	CU_ASSERT_EQUAL(knockconf_load_buffer(&rules, "long", buf, len, small, 0), -1);
	CU_ASSERT_EQUAL(rules.n, 0);
	free(buf);
}

static const char rich_conf[] =
	"[options]\n usesyslog\n logfile = /l\n"
	"[openSSH]\n sequence = 7000,8000:udp, 9000\n seq_timeout = 5\n"
	" tcpflags = syn,!ack\n command = x=1 # y\n"
	"[door]\n open_sequence = 1:udp,2\n close_sequence = 3,4:tcp\n"
	"[otp]\n one_time_sequences = /f\n";

/* Every prefix of a valid config, each from an exact-size copy, into
 * rules that already hold one rule: 0 or -1, never a crash, and on -1
 * the earlier rule is exactly as it was. */
static void knockconf_every_prefix_is_safe(void)
{
	const size_t n = sizeof(rich_conf) - 1;
	struct knock_rules rules = { NULL, 0 };
	char err[ERRLEN];

	CU_ASSERT_EQUAL_FATAL(load(&rules, "full", rich_conf, n, err, sizeof(err)), 0);
	CU_ASSERT_EQUAL_FATAL(rules.n, 3);
	for (size_t cut = 0; cut <= n; cut++) {
		struct knock_rules r = { NULL, 0 };
		CU_ASSERT_EQUAL_FATAL(load_str(&r, "[keep]\nsequence=1\n", err), 0);
		const struct knock_rule *v = r.v;
		struct knock_rule before = r.v[0];
		int ret = load(&r, "cut", rich_conf, cut, err, sizeof(err));
		CU_ASSERT(ret == 0 || ret == -1);
		if (ret == -1) {
			CU_ASSERT(starts_with(err, "cut:"));
			CU_ASSERT(r.n == 1 && r.v == v);
			CU_ASSERT(memcmp(&r.v[0], &before, sizeof(before)) == 0);
		}
		for (size_t i = 0; i < r.n; i++)
			CU_ASSERT(rule_ok(&r.v[i]));
		knockconf_free(&r);
	}
	knockconf_free(&rules);
}

/* Every byte of the config replaced by each troublesome value: whatever
 * loads keeps the rule invariants; whatever fails says where. */
static void knockconf_every_byte_mutation_is_safe(void)
{
	static const char values[] = { '\0', '\n', '[', ']', '=', ',', ':', '!',
				       '#', ' ', '9', '\xff' };
	const size_t n = sizeof(rich_conf) - 1;
	char *copy = malloc(n);
	char err[ERRLEN];
	unsigned ok = 0, failed = 0;

	CU_ASSERT_PTR_NOT_NULL_FATAL(copy);
	for (size_t at = 0; at < n; at++) {
		for (size_t k = 0; k < sizeof(values); k++) {
			struct knock_rules r = { NULL, 0 };
			memcpy(copy, rich_conf, n);
			copy[at] = values[k];
			int ret = knockconf_load_buffer(&r, "m", copy, n, err, sizeof(err));
			if (ret == 0) {
				ok++;
				for (size_t i = 0; i < r.n; i++)
					CU_ASSERT(rule_ok(&r.v[i]));
			} else {
				failed++;
				CU_ASSERT_EQUAL(ret, -1);
				CU_ASSERT(starts_with(err, "m:"));
				CU_ASSERT_EQUAL(r.n, 0);
				CU_ASSERT_PTR_NULL(r.v);
			}
			knockconf_free(&r);
		}
	}
	CU_ASSERT(ok > 0 && failed > 0); /* both paths were exercised */
	free(copy);
}

/* ---- ownership and append semantics ---- */

static void knockconf_loads_append(void)
{
	struct knock_rules rules = { NULL, 0 };
	char err[ERRLEN] = "";

	CU_ASSERT_EQUAL_FATAL(load(&rules, "sample", sample_conf,
				   sizeof(sample_conf) - 1, err, sizeof(err)), 0);
	CU_ASSERT_EQUAL_FATAL(rules.n, 2);
	CU_ASSERT_EQUAL_FATAL(load_str(&rules, "[x]\nopen_sequence=1\nclose_sequence=2\n",
				       err), 0);
	CU_ASSERT_EQUAL_FATAL(rules.n, 4);
	CU_ASSERT_STRING_EQUAL(rules.v[0].name, "openSSH");
	CU_ASSERT_STRING_EQUAL(rules.v[1].name, "openHTTPS-udp");
	CU_ASSERT_STRING_EQUAL(rules.v[2].name, "x:open");
	CU_ASSERT_STRING_EQUAL(rules.v[3].name, "x:close");
	CU_ASSERT_EQUAL(rules.v[0].ports[2], 9000); /* moved, not changed */
	CU_ASSERT_EQUAL(rules.v[2].line, 1);        /* lines are per load */
	/* A load with no knock sections appends nothing. */
	CU_ASSERT_EQUAL(load_str(&rules, "[options]\nusesyslog\n", err), 0);
	CU_ASSERT_EQUAL(rules.n, 4);
	knockconf_free(&rules);
	CU_ASSERT_PTR_NULL(rules.v);
	CU_ASSERT_EQUAL(rules.n, 0);
	/* Usable again after knockconf_free. */
	CU_ASSERT_EQUAL(load_str(&rules, "[y]\nsequence=5\n", err), 0);
	CU_ASSERT_EQUAL(rules.n, 1);
	knockconf_free(&rules);
}

static void knockconf_failed_load_leaves_rules_untouched(void)
{
	/* The bad line comes after good sections that parsed: nothing of this
	 * load may be appended. */
	static const char bad[] =
		"[good1]\nsequence = 1,2\n[good2]\nopen_sequence = 3\nclose_sequence = 4\n"
		"[bad]\nsequence = 5:icmp\n";
	struct knock_rules rules = { NULL, 0 };
	char err[ERRLEN] = "";

	CU_ASSERT_EQUAL_FATAL(load(&rules, "sample", sample_conf,
				   sizeof(sample_conf) - 1, err, sizeof(err)), 0);
	CU_ASSERT_EQUAL_FATAL(rules.n, 2);
	struct knock_rule copy[2];
	memcpy(copy, rules.v, sizeof(copy));
	const struct knock_rule *v = rules.v;
	CU_ASSERT_EQUAL(load_str(&rules, bad, err), -1);
	CU_ASSERT_STRING_EQUAL(err, "t:7: unknown transport 'icmp' after port 5 (tcp or udp)");
	CU_ASSERT_EQUAL(rules.n, 2);
	CU_ASSERT_PTR_EQUAL(rules.v, v);
	CU_ASSERT(memcmp(rules.v, copy, sizeof(copy)) == 0);
	/* A missing file and an oversized buffer leave them alone too. */
	CU_ASSERT_EQUAL(knockconf_load_file(&rules, "/nonexistent-knockconf", err,
					    sizeof(err)), -1);
	char *big = malloc(KNOCKCONF_FILE_MAX + 1u);
	CU_ASSERT_PTR_NOT_NULL_FATAL(big);
	memset(big, '\n', KNOCKCONF_FILE_MAX + 1u);
	memcpy(big, "[z]\nsequence=1\n", 15);
	CU_ASSERT_EQUAL(knockconf_load_buffer(&rules, "big", big,
					      KNOCKCONF_FILE_MAX + 1u, err,
					      sizeof(err)), -1);
	free(big);
	CU_ASSERT_EQUAL(rules.n, 2);
	CU_ASSERT_PTR_EQUAL(rules.v, v);
	CU_ASSERT(memcmp(rules.v, copy, sizeof(copy)) == 0);
	knockconf_free(&rules);
}

static void knockconf_free_is_safe(void)
{
	struct knock_rules rules = { NULL, 0 };

	knockconf_free(&rules);
	knockconf_free(&rules);
	knockconf_free(NULL);
	CU_ASSERT_PTR_NULL(rules.v);
	CU_ASSERT_EQUAL(rules.n, 0);
}

int test_knockconf_register(void)
{
	static const struct {
		const char *name;
		void (*fn)(void);
	} tests[] = {
		{ "sample_config_gives_its_two_rules", knockconf_sample_config_gives_its_two_rules },
		{ "samples_file_when_present", knockconf_samples_file_when_present },
		{ "file_loads_like_buffer", knockconf_file_loads_like_buffer },
		{ "open_close_sequences_give_two_rules",
		  knockconf_open_close_sequences_give_two_rules },
		{ "mixed_transports_and_blanks", knockconf_mixed_transports_and_blanks },
		{ "tcpflags_with_negation", knockconf_tcpflags_with_negation },
		{ "knockd_leniencies_accepted", knockconf_knockd_leniencies_accepted },
		{ "one_time_sequences_recorded", knockconf_one_time_sequences_recorded },
		{ "limits_are_exact", knockconf_limits_are_exact },
		{ "line_limit_is_exact", knockconf_line_limit_is_exact },
		{ "errors_name_their_line", knockconf_errors_name_their_line },
		{ "nul_byte_names_its_line", knockconf_nul_byte_names_its_line },
		{ "missing_file_gives_strerror", knockconf_missing_file_gives_strerror },
		{ "input_over_size_limit_refused", knockconf_input_over_size_limit_refused },
		{ "hostile_buffers_handled_cleanly", knockconf_hostile_buffers_handled_cleanly },
		{ "very_long_line_rejected_without_overflow",
		  knockconf_very_long_line_rejected_without_overflow },
		{ "every_prefix_is_safe", knockconf_every_prefix_is_safe },
		{ "every_byte_mutation_is_safe", knockconf_every_byte_mutation_is_safe },
		{ "loads_append", knockconf_loads_append },
		{ "failed_load_leaves_rules_untouched",
		  knockconf_failed_load_leaves_rules_untouched },
		{ "free_is_safe", knockconf_free_is_safe },
	};
	CU_pSuite s = CU_add_suite("knockconf", NULL, NULL);
	if (!s)
		return -1;
	for (size_t i = 0; i < sizeof(tests) / sizeof(tests[0]); i++)
		if (!CU_add_test(s, tests[i].name, tests[i].fn))
			return -1;
	return 0;
}
