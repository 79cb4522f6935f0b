/* portdb/builtin.h - the built-in service table, as bytes.
 * Defined in $(BUILD)/portdb/services_data.c, which the Makefile generates
 * from portdb/services with od and sed, so the binary needs no data file
 * at run time. Read only by portdb.c, through portdb_load_buffer(). */
#ifndef PORTLENS_PORTDB_BUILTIN_H
#define PORTLENS_PORTDB_BUILTIN_H

#include <stddef.h>

/* portdb/services byte for byte, plus a NUL that the length excludes.
 * unsigned char: od prints bytes 0-255, which a signed char rejects. */
extern const unsigned char portdb_builtin_services[];
extern const size_t portdb_builtin_services_len;

#endif
