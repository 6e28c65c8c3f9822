/* nm_export.h - write a selection graph in formats other tools read. */
#ifndef NM_EXPORT_H
#define NM_EXPORT_H

#include <stdio.h>
#include "nm_graph.h"

typedef enum { NM_EXPORT_GRAPHML, NM_EXPORT_GML, NM_EXPORT_DOT, NM_EXPORT_CSV } nm_export_format;

/* Parses "graphml", "gml", "dot" or "csv"; -1 when unknown. */
int nm_export_parse(const char *s);

/* Writes g to out. GraphML, GML and DOT (through igraph's writers) carry the
 * vertex attributes id (and label, the same), name, kind (state | institution), bipartite (0 | 1),
 * region, subregion, itype, track and founded, and the edge attribute role.
 * CSV writes the selected membership rows in the data-set format
 * (state,institution,role,joined,left), sorted. Returns NM_OK, NM_ENOMEM or
 * NM_EIO. */
nm_status nm_export_write(const nm_graph *g, nm_export_format fmt, FILE *out, nm_diag *d);

/* Writes one CSV field, quoted only when it must be (RFC 4180). */
void nm_csv_write_field(FILE *out, const char *s);

#endif
