/* dissectors/tunnel.c - tunnel type names and the decapsulation settings
 * (tunnel.h): which UDP ports lead to which tunnel dissector. Default
 * ports are IANA's service-name registry entries: vxlan 4789 (RFC 7348
 * s5), vxlan-gpe 4790, geneve 6081 (RFC 8926 s3.3), gtp-user 2152,
 * teredo 3544 (RFC 4380 s4), ayiya 5072, gre-in-udp 4754 (RFC 8086 s3).
 * Linux's VXLAN default 8472 (IANA: otv) is an option only. */
#include <string.h>
#include "tunnel.h"

static const char *const tunnel_names[TUN_COUNT] = {
	[TUN_NONE] = "none", [TUN_IPIP] = "ip_in_ip", [TUN_GRE] = "gre",
	[TUN_ERSPAN] = "erspan", [TUN_VXLAN] = "vxlan",
	[TUN_VXLAN_GPE] = "vxlan_gpe", [TUN_NSH] = "nsh",
	[TUN_GENEVE] = "geneve", [TUN_GTPU] = "gtpu", [TUN_TEREDO] = "teredo",
	[TUN_AYIYA] = "ayiya", [TUN_GRE_UDP] = "gre_udp",
};

static const struct tunnel_port default_ports[] = {
	{ 4789, TUN_VXLAN }, { 4790, TUN_VXLAN_GPE }, { 6081, TUN_GENEVE },
	{ 2152, TUN_GTPU }, { 3544, TUN_TEREDO }, { 5072, TUN_AYIYA },
	{ 4754, TUN_GRE_UDP },
};

const char *tunnel_type_name(unsigned type)
{
	return type < TUN_COUNT ? tunnel_names[type] : "unknown";
}

enum tunnel_type tunnel_type_by_name(const char *name, size_t len)
{
	for (unsigned t = 1; t < TUN_COUNT; t++)
		if (strlen(tunnel_names[t]) == len && memcmp(tunnel_names[t], name, len) == 0)
			return (enum tunnel_type)t;
	return TUN_NONE;
}

int tunnel_type_is_udp(unsigned type)
{
	for (size_t i = 0; i < sizeof(default_ports) / sizeof(default_ports[0]); i++)
		if (default_ports[i].type == type)
			return 1;
	return 0;
}

static void rebuild_bits(struct decap_config *dc)
{
	memset(dc->port_bits, 0, sizeof(dc->port_bits));
	for (unsigned i = 0; i < dc->nports; i++)
		dc->port_bits[dc->ports[i].port >> 6] |= 1ull << (dc->ports[i].port & 63);
}

void decap_config_defaults(struct decap_config *dc)
{
	memset(dc, 0, sizeof(*dc));
	dc->enabled = 1;
	dc->nports = (uint8_t)(sizeof(default_ports) / sizeof(default_ports[0]));
	memcpy(dc->ports, default_ports, sizeof(default_ports));
	rebuild_bits(dc);
}

int decap_config_set_ports(struct decap_config *dc, unsigned type,
			   const uint16_t *ports, size_t n)
{
	struct tunnel_port kept[TUNNEL_MAX_PORTS];
	size_t nk = 0;

	if (!tunnel_type_is_udp(type))
		return -1;
	for (unsigned i = 0; i < dc->nports; i++) {
		int replaced = dc->ports[i].type == type;
		for (size_t j = 0; j < n && !replaced; j++)
			replaced = dc->ports[i].port == ports[j];
		if (!replaced)
			kept[nk++] = dc->ports[i];
	}
	if (nk + n > TUNNEL_MAX_PORTS)
		return -1;
	for (size_t j = 0; j < n; j++) {
		int dup = 0;
		for (size_t i = 0; i < nk && !dup; i++)
			dup = kept[i].port == ports[j];
		if (!dup)
			kept[nk++] = (struct tunnel_port){ ports[j], (uint8_t)type };
	}
	memcpy(dc->ports, kept, nk * sizeof(kept[0]));
	dc->nports = (uint8_t)nk;
	rebuild_bits(dc);
	return 0;
}
