/* dissectors/nsh.h - network service header (RFC 8300 s2), reached by
 * EtherType 0x894F or by VXLAN-GPE's Next Protocol 4. Run by decode.c as
 * a tunnel layer (tunnel.h); names the payload its Next Protocol field
 * gives: IPv4, IPv6, Ethernet, another NSH, or MPLS. The service path
 * identifier (SPI) is the tunnel id. */
#ifndef PORTLENS_NSH_H
#define PORTLENS_NSH_H
#include "cursor.h"
#include "packet.h"
#include "tunnel.h"

/* A Length below 2 words is nsh.bad_length; a header cut before Length
 * words is nsh.truncated_header. Never declines: NSH is named by an
 * EtherType or a GPE header, not guessed from a port. A version other
 * than 0, or a Next Protocol not listed, is a header seen and not entered
 * (RFC 8300 s2.2 tells a receiver to drop an unknown version; its layout
 * after the first word is unknown, so nothing past it is read). */
enum decode_err nsh_decode(struct cursor *c, struct tunnel_hdr *t,
			   struct layer_next *next);

#endif
