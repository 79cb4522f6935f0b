/* dissectors/vlan.h - 802.1Q / 802.1ad tags, stacked to any depth.
 * Run by decode.c for every TPID vlan_is_tag() accepts; names the EtherType
 * after the stack as the next layer (layer.h). */
#ifndef PORTLENS_VLAN_H
#define PORTLENS_VLAN_H
#include "cursor.h"
#include "layer.h"
#include "packet.h"

/* 1 for the EtherTypes that introduce a tag this file walks. */
int vlan_is_tag(uint16_t ethertype);

/* Consumes every stacked tag, starting with one of type tpid (its TPID
 * already read); p->vlan_id is the outermost 802.1Q/802.1ad VLAN id and
 * next the EtherType after the last tag. */
enum decode_err vlan_decode(struct cursor *c, uint16_t tpid, struct packet *p,
			    struct layer_next *next);

#endif
