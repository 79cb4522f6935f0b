/* analyzer/cli/settings.h - parsing of command-line values: numbers in a
 * range, and NAME=VALUE settings of the flow table (--timeout), the scan
 * detector (--scan) and the knock detector (--knock). Each returns 0, or
 * -1 leaving the config unchanged for that setting, with the problem in
 * err (an unknown name and the known ones, or a value out of range). */
#ifndef PORTLENS_SETTINGS_H
#define PORTLENS_SETTINGS_H

#include <stddef.h>
#include <stdint.h>
#include "analyzer/flow/flow.h"
#include "analyzer/detect/knock.h"
#include "analyzer/detect/scan.h"
#include "dissectors/tunnel.h"

int settings_u64(const char *s, uint64_t min, uint64_t max, uint64_t *out);
int settings_timeout(const char *arg, struct flow_config *fc, char *err, size_t errlen);
int settings_scan(const char *arg, struct scan_config *sc, char *err, size_t errlen);
int settings_knock(const char *arg, struct knock_config *kc, char *err, size_t errlen);
/* --tunnel-port TYPE=PORT[,PORT...] or TYPE=none: the UDP ports of one
 * tunnel type (vxlan, vxlan_gpe, geneve, gtpu, teredo, ayiya, gre_udp). */
int settings_tunnel_port(const char *arg, struct decap_config *dc, char *err, size_t errlen);

#endif
