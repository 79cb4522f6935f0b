/* analyzer/output/html_traffic.h - the traffic sections of the HTML
 * report (html.c puts them in order): the timeline, traffic by
 * transport, tunnels, port classes, the top ports and the connection
 * states.
 *
 * Each writes the body of its <section> (html.c writes the section and
 * its heading) from the report document r, which it only reads; any part
 * missing or of the wrong type is skipped. They write with stdio and
 * leave error checks to the caller (ferror at the end); none allocates. */
#ifndef PORTLENS_HTML_TRAFFIC_H
#define PORTLENS_HTML_TRAFFIC_H

#include <jansson.h>
#include <stdio.h>

/* The CSS classes that colour each transport, the same in every plot and
 * table: t-tcp, t-udp, t-icmp (ICMP and ICMPv6), t-other. NULL for an
 * unknown name. */
const char *html_traffic_class(const char *transport);

/* timeline: plots timeline-packets and timeline-bytes. */
void html_traffic_timeline(FILE *out, const json_t *r);

/* protocols.*: table#transports. */
void html_traffic_transports(FILE *out, const json_t *r);

/* tunnels (absent before 0.2.0): 1 when some tunnel type saw packets,
 * the condition for its section. */
int html_traffic_has_tunnels(const json_t *r);

/* tunnels: what carried the packets (a paragraph), table#tunnels with one
 * tr.tunnel per type that saw packets or declined look-alikes (at most
 * HTML_TRAFFIC_MAX_TUNNELS), and the settings. */
#define HTML_TRAFFIC_MAX_TUNNELS 64
void html_traffic_tunnels(FILE *out, const json_t *r);

/* ports.by_class: plot port-classes. */
void html_traffic_classes(FILE *out, const json_t *r);

/* ports.top[]: table#ports, one tbody row per entry (at most
 * HTML_TRAFFIC_MAX_PORTS; a note says how many more the JSON has). */
#define HTML_TRAFFIC_MAX_PORTS 1000
void html_traffic_ports(FILE *out, const json_t *r);

/* flows.by_conn_state: plot conn-states (at most HTML_TRAFFIC_MAX_STATES
 * bars). */
#define HTML_TRAFFIC_MAX_STATES 64
void html_traffic_conn_states(FILE *out, const json_t *r);

#endif
