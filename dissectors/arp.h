/* dissectors/arp.h - ARP (RFC 826), with RFC 5227's probe and
 * announcement shapes named. Run by decode.c for EtherType 0x0806,
 * wherever that EtherType is found (Ethernet, after VLAN tags, LLC/SNAP,
 * Linux SLL/SLL2); it ends the decode, and the frame stays in the non-IP
 * class (nonip_kind 0x0806) so that the accounting is unchanged. */
#ifndef PORTLENS_ARP_H
#define PORTLENS_ARP_H
#include "cursor.h"
#include "packet.h"

/* ARP opcodes (RFC 826; RARP 3/4 from RFC 903). */
enum { ARP_OP_REQUEST = 1, ARP_OP_REPLY = 2, ARP_OP_RREQUEST = 3,
       ARP_OP_RREPLY = 4 };

/* Decodes the fixed header into p->arp, and the four addresses when the
 * packet is Ethernet/IPv4 ARP (p->arp.eth_ipv4). Errors: arp.truncated_header
 * (fixed header or addresses cut), arp.bad_lengths (hlen/plen do not fit
 * htype 1 / ptype 0x0800). On success p->cls is DC_NON_IP. */
enum decode_err arp_decode(struct cursor *c, struct packet *p);

/* 1 for an Ethernet/IPv4 ARP whose sender and target protocol addresses
 * are the same non-zero address: a gratuitous ARP, request or reply
 * (RFC 5227 s3 "ARP Announcement", RFC 5944 s4.6). */
int arp_is_gratuitous(const struct packet_arp *a);

/* 1 for an Ethernet/IPv4 ARP request from sender address 0.0.0.0: an
 * address-conflict probe (RFC 5227 s2.1.1). */
int arp_is_probe(const struct packet_arp *a);

#endif
