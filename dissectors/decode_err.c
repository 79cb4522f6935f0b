/* dissectors/decode_err.c - stable names of decode errors and warnings.
 * These strings are the report's keys (decode.by_error, decode.warnings);
 * they are part of the JSON contract and never change once released. */
#include "decode_err.h"

static const char *const decode_err_names[DE_COUNT] = {
	[DE_OK] = "ok",
	[DE_LINK_UNSUPPORTED] = "link.unsupported_linktype",
	[DE_ETH_TRUNCATED] = "ethernet.truncated_header",
	[DE_VLAN_TRUNCATED] = "vlan.truncated_tag",
	[DE_LLC_TRUNCATED] = "llc.truncated_header",
	[DE_SLL_TRUNCATED] = "sll.truncated_header",
	[DE_SLL2_TRUNCATED] = "sll2.truncated_header",
	[DE_NULL_TRUNCATED] = "loopback.truncated_header",
	[DE_PPP_TRUNCATED] = "ppp.truncated_header",
	[DE_PPPOE_TRUNCATED] = "pppoe.truncated_header",
	[DE_MPLS_TRUNCATED] = "mpls.truncated_label",
	[DE_NFLOG_TRUNCATED] = "nflog.truncated_tlv",
	[DE_IP_BAD_VERSION] = "ip.bad_version",
	[DE_IPV4_TRUNCATED] = "ipv4.truncated_header",
	[DE_IPV4_BAD_VERSION] = "ipv4.bad_version",
	[DE_IPV4_BAD_IHL] = "ipv4.bad_ihl",
	[DE_IPV4_LEN_LT_HLEN] = "ipv4.len_lt_hlen",
	[DE_IPV4_LEN_GT_FRAME] = "ipv4.len_exceeds_frame",
	[DE_IPV6_TRUNCATED] = "ipv6.truncated_header",
	[DE_IPV6_BAD_VERSION] = "ipv6.bad_version",
	[DE_IPV6_LEN_GT_FRAME] = "ipv6.len_exceeds_frame",
	[DE_IPV6_EXT_TRUNCATED] = "ipv6.truncated_ext_header",
	[DE_IPV6_EXT_TOO_MANY] = "ipv6.too_many_ext_headers",
	[DE_TCP_TRUNCATED] = "tcp.truncated_header",
	[DE_TCP_BAD_DOFF] = "tcp.bad_data_offset",
	[DE_TCP_DOFF_GT_LEN] = "tcp.data_offset_exceeds_len",
	[DE_UDP_TRUNCATED] = "udp.truncated_header",
	[DE_UDP_BAD_LEN] = "udp.bad_len",
	[DE_UDP_LEN_GT_IP] = "udp.len_exceeds_ip",
	[DE_ICMP_TRUNCATED] = "icmp.truncated_header",
	[DE_ICMPV6_TRUNCATED] = "icmpv6.truncated_header",
	[DE_IPV4_BAD_OPTION] = "ipv4.bad_option",
	[DE_FDDI_TRUNCATED] = "fddi.truncated_header",
	[DE_IPNET_TRUNCATED] = "ipnet.truncated_header",
	[DE_TOO_MANY_LAYERS] = "decode.too_many_layers",
	[DE_ARP_TRUNCATED] = "arp.truncated_header",
	[DE_ARP_BAD_LENGTHS] = "arp.bad_lengths",
	[DE_TUNNEL_TOO_DEEP] = "tunnel.too_deep",
	[DE_GRE_TRUNCATED] = "gre.truncated_header",
	[DE_GRE_BAD_VERSION] = "gre.bad_version",
	[DE_ERSPAN_TRUNCATED] = "erspan.truncated_header",
	[DE_ERSPAN_BAD_VERSION] = "erspan.bad_version",
	[DE_VXLAN_TRUNCATED] = "vxlan.truncated_header",
	[DE_VXLAN_GPE_TRUNCATED] = "vxlan_gpe.truncated_header",
	[DE_NSH_TRUNCATED] = "nsh.truncated_header",
	[DE_NSH_BAD_LENGTH] = "nsh.bad_length",
	[DE_GENEVE_TRUNCATED] = "geneve.truncated_header",
	[DE_GENEVE_BAD_OPTIONS] = "geneve.bad_options_length",
	[DE_GTPU_TRUNCATED] = "gtpu.truncated_header",
	[DE_GTPU_BAD_EXTENSION] = "gtpu.bad_extension_header",
	[DE_TEREDO_TRUNCATED] = "teredo.truncated_header",
	[DE_AYIYA_TRUNCATED] = "ayiya.truncated_header",
};

static const char *const decode_warn_names[DW_COUNT] = {
	[DW_SNAP_TRUNCATED] = "decode.snap_truncated",
	[DW_IPV4_TSO_LEN0] = "ipv4.tso_zero_len",
	[DW_ICMP_QUOTE_TRUNCATED] = "icmp.quote_truncated",
	[DW_TCP_OPTS_TRUNCATED] = "tcp.options_truncated",
	[DW_CAPLEN_OVER_WIRE] = "decode.caplen_exceeds_wirelen",
	[DW_IPV6_GSO_LEN0] = "ipv6.gso_zero_len",
	[DW_UDP_LEN0] = "udp.zero_len",
};

const char *decode_err_name(enum decode_err err)
{
	if ((unsigned)err >= DE_COUNT)
		return "unknown";
	return decode_err_names[err];
}

const char *decode_warn_name(enum decode_warn w)
{
	if ((unsigned)w >= DW_COUNT)
		return "unknown";
	return decode_warn_names[w];
}
