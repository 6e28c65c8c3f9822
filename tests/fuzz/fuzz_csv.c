/* fuzz_csv.c - libFuzzer harness for the CSV reader (nm_csv_parse). The
 * first byte picks the options (delimiter guessed, ',' or tab; '#' comments;
 * small record and field bounds). */
#include <stdint.h>
#include <string.h>

#include "nm_csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char delims[] = { 0, ',', '\t', 0 };
    nm_csv_opts o;
    nm_diag d;
    nm_csv t;
    size_t i, k;

    memset(&o, 0, sizeof(o));

    if (size > 0) {
        o.delim = delims[data[0] & 3];
        o.comments = (data[0] >> 2) & 1;
        if (data[0] & 0x08)         /* small bounds, so the fuzzer reaches the limit paths */
            o.max_rows = 1 + ((data[0] >> 4) & 7);
        if (data[0] & 0x80)
            o.max_cells = 1 + ((data[0] >> 4) & 7) * 3;
        data++;
        size--;
    }
    nm_diag_init(&d);
    if (nm_csv_parse(&t, (const char *)data, size, "fuzz.csv", &o, &d) == NM_OK) {
        /* every row is complete and every field a string */
        for (i = 0; i < t.nrows; i++)
            for (k = 0; k < t.rows[i].n; k++)
                if (strlen(t.rows[i].f[k]) > NM_CSV_MAX_FIELD)
                    __builtin_trap();
        (void)nm_csv_col(&t, "state");
        (void)nm_csv_get(&t.header, -1);
        if (d.errors)
            __builtin_trap();   /* NM_OK with errors reported */
    } else if (d.errors == 0) {
        __builtin_trap();       /* a failure must say why */
    }
    if (d.kept > NM_DIAG_MAX)
        __builtin_trap();
    nm_csv_destroy(&t);
    return 0;
}
