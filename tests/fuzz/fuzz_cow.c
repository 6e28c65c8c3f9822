/* fuzz_cow.c - libFuzzer harness for the COW IGO state-year loader. The
 * input is split at a NUL byte: the first chunk is the state-year file, the
 * second (when present) the crosswalk; without one the bundled crosswalk
 * (graphs/crosswalk/cow-iso3.csv) is used. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "nm_dataset.h"
#include "fuzz_util.h"

#ifndef NM_FUZZ_CROSSWALK
#define NM_FUZZ_CROSSWALK "graphs/crosswalk/cow-iso3.csv"
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *chunk[3];
    size_t len[3], n, i;
    char path[512], xw[512];
    nm_load_opts o = { NM_FORMAT_COW, NULL, NULL, NULL, NULL, NULL, 0 };
    nm_dataset ds;
    nm_diag d;
    nm_status s;

    n = fz_split(data, size, chunk, len, 3);
    fz_write("igo.csv", chunk[0], len[0]);
    fz_path(path, sizeof(path), "igo.csv");
    if (n >= 2) {
        fz_write("xw.csv", chunk[1], len[1]);
        fz_path(xw, sizeof(xw), "xw.csv");
        o.crosswalk = xw;
    } else {
        o.crosswalk = NM_FUZZ_CROSSWALK;
    }
    if (n >= 3 && len[2] > 0 && len[2] < 200) {     /* an IGO list */
        static char igos[256];
        memcpy(igos, chunk[2], len[2]);
        igos[len[2]] = '\0';
        o.igos = igos;
    }
    nm_diag_init(&d);
    s = nm_dataset_load_cow(&ds, path, &o, &d);
    if (d.kept > NM_DIAG_MAX || d.wkept > NM_DIAG_MAX)
        __builtin_trap();
    if (s == NM_OK) {
        if (d.errors)
            __builtin_trap();
        for (i = 0; i < ds.nstates; i++)
            if (ds.states[i].end > NM_YEAR_MAX || ds.states[i].start > NM_YEAR_MAX)
                __builtin_trap();
        for (i = 0; i < ds.nmembers; i++) {
            const nm_membership *m = &ds.members[i];
            if (m->state < 0 || (size_t)m->state >= ds.nstates || m->inst < 0
                || (size_t)m->inst >= ds.ninsts || m->joined < NM_YEAR_MIN
                || (m->left != NM_YEAR_NONE && (m->left <= m->joined || m->left > NM_YEAR_MAX)))
                __builtin_trap();
        }
    } else if (d.errors == 0 && s != NM_ENOMEM) {
        __builtin_trap();
    }
    nm_dataset_destroy(&ds);
    return 0;
}
