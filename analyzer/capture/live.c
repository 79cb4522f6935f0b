/* analyzer/capture/live.c - the live capture loop (see live.h).
 * The handle is created, configured and activated in that order
 * (pcap_create/pcap_set_* /pcap_activate), with nanosecond timestamps
 * when the platform offers them. The handle is non-blocking and the loop
 * waits in poll() for at most 100 ms, so a signal, the duration, the
 * count and the snapshot interval are checked even on an idle interface.
 * Trap: libpcap's read timeout does not help here: on Linux, immediate
 * mode makes pcap_dispatch block until a packet comes, however long.
 * Privileges are dropped after the handle and the -w file are open, in
 * the order setgroups, setgid, setuid, each checked, and then checked
 * again by trying to regain root (tcpdump's -Z). The -w file goes through
 * outfile.c: written under a temporary name and renamed at the end. */
#include <errno.h>
#include <grp.h>
#include <pcap/pcap.h>
#include <poll.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "analyzer/capture/capture.h"
#include "analyzer/capture/record.h"
#include "analyzer/capture/live.h"
#include "analyzer/util/outfile.h"

enum { LIVE_TIMEOUT_MS = 100, LIVE_BATCH = 4096 };

void live_opts_defaults(struct live_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->snaplen = 262144;
	o->promisc = 1;
	o->immediate = 1;
	o->interval_s = 10;
}

struct live_ctx {
	struct analyzer *an;
	struct input_file *file;
	int linktype, nano;
	pcap_dumper_t *dump;
	uint64_t count;
};

static void live_on_packet(u_char *user, const struct pcap_pkthdr *h, const u_char *bytes)
{
	struct live_ctx *lc = (struct live_ctx *)user;
	if (lc->dump)
		pcap_dump((u_char *)lc->dump, h, bytes);
	lc->file->packets++;
	capture_record(lc->an, lc->linktype, h, bytes, lc->nano);
}

static double mono_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static pcap_t *open_handle(const struct live_opts *o, int *nano, char *err, size_t errlen)
{
	char ebuf[PCAP_ERRBUF_SIZE] = "";
	pcap_t *p = pcap_create(o->iface, ebuf);
	if (!p) {
		snprintf(err, errlen, "%s: %s", o->iface, ebuf);
		return NULL;
	}
	pcap_set_snaplen(p, o->snaplen);
	pcap_set_promisc(p, o->promisc);
	pcap_set_immediate_mode(p, o->immediate);
	pcap_set_timeout(p, LIVE_TIMEOUT_MS);
	if (o->buffer_mib)
		pcap_set_buffer_size(p, o->buffer_mib << 20);
	*nano = pcap_set_tstamp_precision(p, PCAP_TSTAMP_PRECISION_NANO) == 0;
	int rc = pcap_activate(p);
	if (rc < 0) {
		const char *why = rc == PCAP_ERROR_PERM_DENIED ?
			"permission denied (run as root, or give the binary cap_net_raw)" :
			rc == PCAP_ERROR_NO_SUCH_DEVICE ? "no such interface" : pcap_geterr(p);
		snprintf(err, errlen, "%s: cannot capture: %s", o->iface, why);
		pcap_close(p);
		return NULL;
	}
	*nano = *nano && pcap_get_tstamp_precision(p) == PCAP_TSTAMP_PRECISION_NANO;
	return p;
}

static int set_filter(pcap_t *p, const char *expr, char *err, size_t errlen)
{
	struct bpf_program prog;
	if (!expr)
		return 0;
	if (pcap_compile(p, &prog, expr, 1, PCAP_NETMASK_UNKNOWN) != 0 ||
	    pcap_setfilter(p, &prog) != 0) {
		snprintf(err, errlen, "filter '%s': %s", expr, pcap_geterr(p));
		return -1;
	}
	pcap_freecode(&prog);
	return 0;
}

/* setgroups, setgid, setuid, then prove root cannot come back. */
static int drop_privileges(const char *user, char *err, size_t errlen)
{
	struct passwd *pw = getpwnam(user);
	if (!pw) {
		snprintf(err, errlen, "-Z %s: no such user", user);
		return -1;
	}
	if (setgroups(1, &pw->pw_gid) != 0 || setgid(pw->pw_gid) != 0 ||
	    setuid(pw->pw_uid) != 0) {
		snprintf(err, errlen, "-Z %s: cannot drop privileges: %s", user, strerror(errno));
		return -1;
	}
	if (pw->pw_uid != 0 && (setuid(0) == 0 || geteuid() != pw->pw_uid || getegid() != pw->pw_gid)) {
		snprintf(err, errlen, "-Z %s: privileges were not fully dropped", user);
		return -1;
	}
	return 0;
}

static void read_stats(pcap_t *p, struct live_stats *st)
{
	struct pcap_stat ps;
	memset(st, 0, sizeof(*st));
	if (pcap_stats(p, &ps) == 0) {
		st->have = 1;
		st->received = ps.ps_recv;
		st->dropped_kernel = ps.ps_drop;
		st->dropped_iface = ps.ps_ifdrop;
	}
}

static int should_stop(const struct analyzer *an, const struct live_opts *o,
		       const struct live_ctx *lc, double start)
{
	if (an->stop && *an->stop)
		return 1;
	if (o->count && lc->file->packets >= o->count)
		return 1;
	return o->duration_s && mono_s() - start >= (double)o->duration_s;
}

/* Wait up to LIVE_TIMEOUT_MS for packets (or a signal). */
static void wait_readable(int fd)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	if (fd >= 0)
		(void)poll(&pfd, 1, LIVE_TIMEOUT_MS);
	else
		usleep(LIVE_TIMEOUT_MS * 1000); /* no selectable fd: poll by time */
}

static enum live_status live_loop(pcap_t *p, struct live_ctx *lc, const struct live_opts *o,
				  live_tick_fn tick, void *tick_user, char *err, size_t errlen)
{
	double start = mono_s(), next_tick = start + o->interval_s;
	double next_poll = start;
	int fd = pcap_get_selectable_fd(p);
	char ebuf[PCAP_ERRBUF_SIZE];
	if (pcap_setnonblock(p, 1, ebuf) != 0)
		fd = -1;
	while (!should_stop(lc->an, o, lc, start)) {
		int batch = LIVE_BATCH;
		if (o->count && o->count - lc->file->packets < (uint64_t)batch)
			batch = (int)(o->count - lc->file->packets);
		int n = pcap_dispatch(p, batch, live_on_packet, (u_char *)lc);
		if (n == PCAP_ERROR) {
			snprintf(err, errlen, "%s: %s", o->iface, pcap_geterr(p));
			return LIVE_READ_FAILED;
		}
		if (n == 0)
			wait_readable(fd);
		double now = mono_s();
		if (now >= next_poll) {
			struct live_stats st;
			read_stats(p, &st);
			tick(tick_user, &st, LIVE_TICK_POLL);
			next_poll = now + LIVE_POLL_MS / 1000.0;
		}
		if (o->interval_s && now >= next_tick) {
			struct live_stats st;
			read_stats(p, &st);
			tick(tick_user, &st, LIVE_TICK_INTERVAL);
			next_tick += o->interval_s;
		}
	}
	return LIVE_OK;
}

static struct input_file *live_file(struct analyzer *an, const char *iface)
{
	struct input_file *f = &an->files[an->nfiles < ANALYZER_MAX_FILES ? an->nfiles++ : 0];
	memset(f, 0, sizeof(*f));
	f->path = iface;
	return f;
}

enum live_status live_run(struct analyzer *an, const struct live_opts *o,
			  live_tick_fn tick, void *tick_user,
			  struct live_stats *final_stats, char *err, size_t errlen)
{
	struct live_ctx lc = { .an = an };
	struct outfile of = { 0 };
	enum live_status st = LIVE_OPEN_FAILED;
	memset(final_stats, 0, sizeof(*final_stats));
	pcap_t *p = open_handle(o, &lc.nano, err, errlen);
	if (!p)
		return LIVE_OPEN_FAILED;
	lc.file = live_file(an, o->iface);
	lc.linktype = lc.file->linktype = pcap_datalink(p);
	if (set_filter(p, o->filter, err, errlen) != 0)
		goto out;
	st = LIVE_WRITE_FAILED;
	if (o->write_path) {
		if (outfile_open(&of, o->write_path, (o->force ? OUTFILE_FORCE : 0) |
				 (o->user ? OUTFILE_IN_PLACE : 0)) != 0 ||
		    !(lc.dump = pcap_dump_fopen(p, of.fp))) {
			snprintf(err, errlen, "-w %s: %s", o->write_path,
				 of.fp ? pcap_geterr(p) : strerror(errno));
			goto out;
		}
	}
	st = LIVE_PRIVS_FAILED;
	if (o->user && drop_privileges(o->user, err, errlen) != 0)
		goto out;
	st = live_loop(p, &lc, o, tick, tick_user, err, errlen);
	read_stats(p, final_stats);
	tick(tick_user, final_stats, LIVE_TICK_FINAL);
out:
	if (lc.dump) {
		pcap_dump_flush(lc.dump);
		of.fp = NULL; /* pcap_dump_close closes the FILE */
		int werr = ferror(pcap_dump_file(lc.dump)) ? EIO : 0;
		pcap_dump_close(lc.dump);
		if (outfile_close_renamed(&of, st == LIVE_OK, werr) != 0 && st == LIVE_OK) {
			snprintf(err, errlen, "-w %s: %s", o->write_path, strerror(errno));
			st = LIVE_WRITE_FAILED;
		}
	} else if (of.fp) {
		outfile_close(&of, 0, 0);
	}
	lc.file->status = st == LIVE_OK ? CAPTURE_OK : CAPTURE_READ_FAILED;
	pcap_close(p);
	return st;
}
