/* dissectors/vlan.h - 802.1Q / 802.1ad tags, stacked to any depth.
 * Called by decode_ethertype() for every TPID vlan_is_tag() accepts. */
#ifndef PORTLENS_VLAN_H
#define PORTLENS_VLAN_H
#include "cursor.h"
#include "packet.h"

/* 1 for the EtherTypes that introduce a tag this file walks. */
int vlan_is_tag(uint16_t ethertype);

/* Consumes every stacked tag, starting with one of type tpid (its TPID
 * already read); p->vlan_id is the outermost 802.1Q/802.1ad VLAN id. */
enum decode_err vlan_decode(struct cursor *c, uint16_t tpid, struct packet *p);

#endif
