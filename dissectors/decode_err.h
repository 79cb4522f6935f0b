/* dissectors/decode_err.h - the named reasons a packet stops decoding.
 * One enum for every dissector (Suricata's decode-events idea): a failed
 * check returns one of these, the capture loop counts the packet once
 * under it, and decode_err_name() gives the stable key used in the
 * report's decode.by_error. Append new values only: never renumber or
 * rename, dashboards key on the names. */
#ifndef PORTLENS_DECODE_ERR_H
#define PORTLENS_DECODE_ERR_H

enum decode_err {
	DE_OK = 0,
	DE_LINK_UNSUPPORTED,     /* link.unsupported_linktype */
	DE_ETH_TRUNCATED,        /* ethernet.truncated_header */
	DE_VLAN_TRUNCATED,       /* vlan.truncated_tag */
	DE_LLC_TRUNCATED,        /* llc.truncated_header */
	DE_SLL_TRUNCATED,        /* sll.truncated_header */
	DE_SLL2_TRUNCATED,       /* sll2.truncated_header */
	DE_NULL_TRUNCATED,       /* loopback.truncated_header */
	DE_PPP_TRUNCATED,        /* ppp.truncated_header */
	DE_PPPOE_TRUNCATED,      /* pppoe.truncated_header */
	DE_MPLS_TRUNCATED,       /* mpls.truncated_label */
	DE_NFLOG_TRUNCATED,      /* nflog.truncated_tlv */
	DE_IP_BAD_VERSION,       /* ip.bad_version (raw IP, MPLS payload) */
	DE_IPV4_TRUNCATED,       /* ipv4.truncated_header */
	DE_IPV4_BAD_VERSION,     /* ipv4.bad_version */
	DE_IPV4_BAD_IHL,         /* ipv4.bad_ihl */
	DE_IPV4_LEN_LT_HLEN,     /* ipv4.len_lt_hlen */
	DE_IPV4_LEN_GT_FRAME,    /* ipv4.len_exceeds_frame */
	DE_IPV6_TRUNCATED,       /* ipv6.truncated_header */
	DE_IPV6_BAD_VERSION,     /* ipv6.bad_version */
	DE_IPV6_LEN_GT_FRAME,    /* ipv6.len_exceeds_frame */
	DE_IPV6_EXT_TRUNCATED,   /* ipv6.truncated_ext_header */
	DE_IPV6_EXT_TOO_MANY,    /* ipv6.too_many_ext_headers */
	DE_TCP_TRUNCATED,        /* tcp.truncated_header */
	DE_TCP_BAD_DOFF,         /* tcp.bad_data_offset */
	DE_TCP_DOFF_GT_LEN,      /* tcp.data_offset_exceeds_len */
	DE_UDP_TRUNCATED,        /* udp.truncated_header */
	DE_UDP_BAD_LEN,          /* udp.bad_len */
	DE_UDP_LEN_GT_IP,        /* udp.len_exceeds_ip */
	DE_ICMP_TRUNCATED,       /* icmp.truncated_header */
	DE_ICMPV6_TRUNCATED,     /* icmpv6.truncated_header */
	DE_IPV4_BAD_OPTION,      /* ipv4.bad_option */
	DE_FDDI_TRUNCATED,       /* fddi.truncated_header */
	DE_IPNET_TRUNCATED,      /* ipnet.truncated_header */
	DE_TOO_MANY_LAYERS,      /* decode.too_many_layers (DECODE_MAX_LAYERS) */
	DE_ARP_TRUNCATED,        /* arp.truncated_header */
	DE_ARP_BAD_LENGTHS,      /* arp.bad_lengths: hlen/plen vs htype/ptype */
	DE_TUNNEL_TOO_DEEP,      /* tunnel.too_deep: more than DECODE_MAX_TUNNELS */
	DE_GRE_TRUNCATED,        /* gre.truncated_header */
	DE_GRE_BAD_VERSION,      /* gre.bad_version: not 0, or 1 without PPP */
	DE_ERSPAN_TRUNCATED,     /* erspan.truncated_header */
	DE_ERSPAN_BAD_VERSION,   /* erspan.bad_version */
	DE_VXLAN_TRUNCATED,      /* vxlan.truncated_header */
	DE_VXLAN_GPE_TRUNCATED,  /* vxlan_gpe.truncated_header */
	DE_NSH_TRUNCATED,        /* nsh.truncated_header */
	DE_NSH_BAD_LENGTH,       /* nsh.bad_length */
	DE_GENEVE_TRUNCATED,     /* geneve.truncated_header */
	DE_GENEVE_BAD_OPTIONS,   /* geneve.bad_options_length */
	DE_GTPU_TRUNCATED,       /* gtpu.truncated_header */
	DE_GTPU_BAD_EXTENSION,   /* gtpu.bad_extension_header */
	DE_TEREDO_TRUNCATED,     /* teredo.truncated_header */
	DE_AYIYA_TRUNCATED,      /* ayiya.truncated_header */
	DE_COUNT
};

/* Stable report key ("ipv4.bad_ihl"); "unknown" outside the enum. */
const char *decode_err_name(enum decode_err err);

/* Non-exclusive notes about a decoded packet: a packet keeps its one
 * outcome and may carry several of these (bit flags in packet.warnings). */
enum decode_warn {
	DW_SNAP_TRUNCATED = 0,   /* decode.snap_truncated: caplen < wire length */
	DW_IPV4_TSO_LEN0,        /* ipv4.tso_zero_len: total length 0, frame length used */
	DW_ICMP_QUOTE_TRUNCATED, /* icmp.quote_truncated: quoted header too short */
	DW_TCP_OPTS_TRUNCATED,   /* tcp.options_truncated: snap cut the options */
	DW_CAPLEN_OVER_WIRE,     /* decode.caplen_exceeds_wirelen: a lying record header */
	DW_IPV6_GSO_LEN0,        /* ipv6.gso_zero_len: payload length 0, no jumbo: frame used */
	DW_UDP_LEN0,             /* udp.zero_len: UDP length 0 in an offload super-packet */
	DW_COUNT
};

const char *decode_warn_name(enum decode_warn w);

#endif
