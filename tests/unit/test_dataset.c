/* test_dataset.c - the data-set loader, filters and the selection graph,
 * on tests/data/cli/basic (counts by hand in tests/cli/golden/README.md). */
#include "testutil.h"
#include "nm_generate.h"
#include "nm_order.h"

#include <dirent.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>

#define BASIC "tests/data/cli/basic"

static void test_tables(void **state)
{
    nm_dataset ds;
    const nm_state *c;
    const nm_institution *f;

    (void)state;
    tu_load(&ds, BASIC);
    assert_int_equal(ds.nstates, 4);
    assert_int_equal(ds.ninsts, 3);
    assert_int_equal(ds.nmembers, 8);
    assert_int_equal(ds.nrivals, 2);
    c = &ds.states[nm_dataset_state(&ds, "CCC")];
    assert_string_equal(c->name, "Carpania, Republic of");   /* quoted comma */
    assert_int_equal(c->end, 1992);
    assert_int_equal(c->cow_code, 3);
    assert_true(ds.states[nm_dataset_state(&ds, "DDD")].nonstate);
    assert_int_equal(ds.states[nm_dataset_state(&ds, "DDD")].cow_code, -1);
    f = &ds.insts[nm_dataset_inst(&ds, "forum")];
    assert_int_equal(f->track, 2);
    assert_int_equal(f->type, NM_TYPE_COOPERATIVE_SECURITY);
    assert_close(f->budget_musd, 2.5, 1e-12);
    assert_int_equal(f->activities, (1u << NM_ACT_CONFIDENCE_BUILDING) | (1u << NM_ACT_GOOD_OFFICES));
    assert_true(isnan(ds.insts[nm_dataset_inst(&ds, "pact")].budget_musd));
    assert_int_equal(ds.members[5].uncertain, 1);
    assert_int_equal(ds.members[5].line, 7);
    assert_int_equal(ds.members[3].role, NM_ROLE_OBSERVER);
    assert_int_equal(nm_dataset_state(&ds, "pact"), -1);
    nm_dataset_destroy(&ds);
}

static void test_time_rule(void **state)
{
    nm_membership m = { 0, 0, NM_ROLE_FULL, 1990, 1995, 0, NULL, 0 };
    nm_state s;

    (void)state;
    assert_false(nm_membership_holds(&m, 1989));
    assert_true(nm_membership_holds(&m, 1990));
    assert_true(nm_membership_holds(&m, 1994));
    assert_false(nm_membership_holds(&m, 1995));
    m.joined = NM_YEAR_NONE;
    m.left = NM_YEAR_NONE;
    assert_true(nm_membership_holds(&m, 1));
    memset(&s, 0, sizeof(s));
    s.start = 1991;
    assert_false(nm_state_exists(&s, 1990));
    assert_true(nm_state_exists(&s, 1991));
}

static void test_selection(void **state)
{
    nm_dataset ds;
    nm_graph g;
    nm_filter f;
    char bad[32];
    int u, a;

    (void)state;
    nm_filter_init(&f);
    f.year = 1990;
    tu_graph(&g, &ds, BASIC, &f);
    /* end of 1990: AAA BBB CCC exist (DDD from 1991); 6 full memberships */
    assert_int_equal(g.nstates, 3);
    assert_int_equal(g.ninsts, 3);
    assert_int_equal(g.nedges, 6);
    assert_int_equal(igraph_vcount(&g.g), 6);
    assert_int_equal(igraph_ecount(&g.g), 6);
    u = tu_inst(&g, "union");
    a = tu_state(&g, "AAA");
    assert_int_equal(nm_graph_isize(&g, u), 3);
    assert_int_equal(nm_graph_sdeg(&g, a), 2);
    assert_true(VECTOR(g.types)[g.nstates + u]);
    assert_false(VECTOR(g.types)[a]);
    nm_graph_destroy(&g);

    /* South only, all roles, 1991: CCC (union, forum) and DDD (forum, associate) */
    nm_filter_init(&f);
    f.year = 1991;
    f.regions[f.nregions++] = "South";
    assert_int_equal(nm_filter_set_roles(&f, "all", bad, sizeof(bad)), 0);
    assert_int_equal(nm_graph_build(&g, &ds, &f, NULL), NM_OK);
    assert_int_equal(g.nstates, 2);
    assert_int_equal(g.ninsts, 2);
    assert_int_equal(g.nedges, 3);
    assert_int_equal(nm_graph_isize(&g, tu_inst(&g, "union")), 1);  /* restricted to the selection */
    nm_graph_destroy(&g);

    /* subregion matches too; track 2 only */
    nm_filter_init(&f);
    f.regions[f.nregions++] = "West";
    assert_int_equal(nm_graph_build(&g, &ds, &f, NULL), NM_OK);
    assert_int_equal(g.nstates, 1);
    nm_graph_destroy(&g);
    nm_filter_init(&f);
    f.track = 2;
    assert_int_equal(nm_graph_build(&g, &ds, &f, NULL), NM_OK);
    assert_int_equal(g.ninsts, 1);
    assert_int_equal(g.nedges, 1);      /* CCC-forum full; DDD is associate */
    nm_graph_destroy(&g);

    /* types */
    nm_filter_init(&f);
    assert_int_equal(nm_filter_set_types(&f, "collective-defence,economic", bad, sizeof(bad)), 0);
    assert_int_equal(nm_graph_build(&g, &ds, &f, NULL), NM_OK);
    assert_int_equal(g.ninsts, 1);
    assert_int_equal(g.nedges, 2);      /* AAA-pact, BBB-pact */
    nm_graph_destroy(&g);
    nm_dataset_destroy(&ds);
}

static void test_roles_dedupe(void **state)
{
    nm_dataset ds;
    nm_graph g;
    nm_filter f;
    char bad[32];
    int b, k;

    (void)state;
    /* without a year, BBB-union has an observer row and a full row: one edge, role full */
    nm_filter_init(&f);
    assert_int_equal(nm_filter_set_roles(&f, "full,observer", bad, sizeof(bad)), 0);
    tu_graph(&g, &ds, BASIC, &f);
    b = tu_state(&g, "BBB");
    assert_int_equal(nm_graph_sdeg(&g, b), 2);
    for (k = g.s_off[b]; k < g.s_off[b + 1]; k++)
        assert_int_equal(g.s_role[k], NM_ROLE_FULL);
    nm_graph_destroy(&g);
    nm_dataset_destroy(&ds);
    assert_int_equal(nm_filter_set_roles(&f, "full,memeber", bad, sizeof(bad)), -1);
    assert_string_equal(bad, "memeber");
}

static void test_describe(void **state)
{
    nm_filter f;
    char buf[256];

    (void)state;
    nm_filter_init(&f);
    f.year = 1999;
    f.regions[f.nregions++] = "Europe";
    f.regions[f.nregions++] = "Americas";
    f.track = 1;
    nm_filter_describe(&f, buf, sizeof(buf));
    assert_string_equal(buf, "end of 1999; region Europe + Americas; all types; track 1; roles counted: full");
}

static void test_single_file(void **state)
{
    nm_dataset ds;

    (void)state;
    tu_load(&ds, "tests/data/bad/bom-crlf.csv");
    assert_int_equal(ds.nstates, 2);
    assert_int_equal(ds.ninsts, 1);
    assert_int_equal(ds.members[1].joined, 1991);
    assert_int_equal(ds.members[1].role, NM_ROLE_FULL);    /* empty role = full */
    assert_false(ds.has_states);
    nm_dataset_destroy(&ds);
}

static void test_errors_collected(void **state)
{
    nm_dataset ds;
    nm_diag d;

    (void)state;
    nm_diag_init(&d);
    assert_int_equal(nm_dataset_load(&ds, "tests/data/bad/many-errors.csv", NULL, &d), NM_EDATA);
    assert_int_equal(d.errors, 3);
    assert_int_equal(ds.nmembers, 0);   /* nothing half-loaded */
    nm_diag_init(&d);
    assert_int_equal(nm_dataset_load(&ds, "tests/data/bad/no-such-file.csv", NULL, &d), NM_EIO);
}

/* A directory's memberships.csv is read while states.csv and
 * institutions.csv load (nm_load_opts.exec), and from ahead_min rows its
 * ids are looked up ahead: whoever runs the parts, in whatever order, the
 * data set and the messages, in file order, are those of the load without
 * an executor. */
static void load_with(nm_dataset *ds, const char *path, nm_pair_exec exec, size_t ahead_min,
                      nm_diag *d, nm_status want)
{
    nm_load_opts o = { NM_FORMAT_AUTO, NULL, NULL, NULL, exec, NULL, ahead_min };

    nm_diag_init(d);
    assert_int_equal(nm_dataset_load(ds, path, &o, d), want);
}

/* Every directory under dir loads with each of the first nex executors
 * (a thread first), and each of the first nahead look-ahead thresholds
 * (the default 32 768, then from 1 and 2 rows), as without an executor: the
 * same status, data set counts and messages. Returns the directories. */
static int parts_agree(const char *dir, size_t nex, size_t nahead)
{
    static const nm_pair_exec ex[] = { tu_exec_thread, tu_exec_reversed, tu_exec_in_turn };
    static const size_t ahead[] = { 0, 1, 2 };
    char path[600];
    struct dirent *e;
    DIR *dp = opendir(dir);
    int n = 0;

    assert_non_null(dp);
    while ((e = readdir(dp)) != NULL) {
        struct stat st;
        nm_dataset ds, ref;
        nm_diag d, dref;
        nm_status want;
        size_t i;
        int m;

        snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
        if (e->d_name[0] == '.' || stat(path, &st) != 0 || !S_ISDIR(st.st_mode))
            continue;
        n++;
        nm_diag_init(&dref);
        want = nm_dataset_load(&ref, path, NULL, &dref);
        for (i = 0; i < nex * nahead && i < 9; i++) {
            load_with(&ds, path, ex[i % nex], ahead[(i / nex) % 3], &d, want);
            assert_int_equal(d.errors, dref.errors);
            assert_int_equal(d.warnings, dref.warnings);
            assert_int_equal(d.kept, dref.kept);
            for (m = 0; m < d.kept; m++)
                assert_string_equal(d.text[m], dref.text[m]);
            assert_int_equal(ds.nstates, ref.nstates);
            assert_int_equal(ds.ninsts, ref.ninsts);
            assert_int_equal(ds.nmembers, ref.nmembers);
            assert_int_equal(ds.nrivals, ref.nrivals);
            for (m = 0; m < (int)ds.nmembers; m++) {
                assert_int_equal(ds.members[m].state, ref.members[m].state);
                assert_int_equal(ds.members[m].inst, ref.members[m].inst);
                assert_int_equal(ds.members[m].line, ref.members[m].line);
            }
            nm_dataset_destroy(&ds);
        }
        nm_dataset_destroy(&ref);
    }
    closedir(dp);
    return n;
}

static void test_load_parts(void **state)
{
    nm_dataset ds;
    nm_diag d;

    (void)state;
    assert_true(parts_agree("tests/data", 3, 3) >= 10);     /* data sets that load */
    assert_true(parts_agree("tests/data/bad", 3, 3) >= 20);     /* and broken ones */
    /* the order itself: states.csv's error, then memberships.csv's */
    load_with(&ds, "tests/data/bad/errors-in-two-files", tu_exec_reversed, 0, &d, NM_EDATA);
    assert_int_equal(d.kept, 2);
    assert_non_null(strstr(d.text[0], "states.csv:4: duplicate state id 'AAA'"));
    assert_non_null(strstr(d.text[1], "memberships.csv:3: expected"));
}

/* Rewrites the generated dir/memberships.csv with role, joined and left
 * columns and a broken row at each of the given lines (after the header;
 * line n is row n - 2): an unknown state, an unknown institution, a state
 * as an institution, an unknown role, an id with a space, years out of
 * order, an institution as a state, in turn; then, when there are any,
 * the first row again (a duplicate). Returns the rows written. */
static size_t break_rows(const char *dir, const long *lines, int nlines)
{
    char path[600], tmp[600], buf[256], st[64], in[64], st1[64] = "", in1[64] = "";
    FILE *f, *g;
    long line = 1;
    size_t rows = 0;
    int k = 0;

    snprintf(path, sizeof(path), "%s/memberships.csv", dir);
    snprintf(tmp, sizeof(tmp), "%s/m.tmp", dir);
    assert_non_null(f = fopen(path, "r"));
    assert_non_null(g = fopen(tmp, "w"));
    assert_non_null(fgets(buf, sizeof(buf), f));
    fputs("state,institution,role,joined,left\n", g);
    while (fgets(buf, sizeof(buf), f) && sscanf(buf, "%63[^,],%63[^,\n]", st, in) == 2) {
        const char *role = "", *joined = "", *left = "";
        if (line++ == 1) {
            strcpy(st1, st);
            strcpy(in1, in);
        }
        if (k < nlines && line == lines[k]) {
            switch (k++ % 7) {
            case 0: strcpy(st, "S_nope"); break;
            case 1: strcpy(in, "I_nope"); break;
            case 2: strcpy(in, st1); break;
            case 3: role = "memeber"; break;
            case 4: strcpy(st, "bad id"); break;
            case 5: joined = "2000"; left = "1990"; break;
            default: strcpy(st, in1); break;
            }
        }
        fprintf(g, "%s,%s,%s,%s,%s\n", st, in, role, joined, left);
        rows++;
    }
    if (nlines > 0)
        fprintf(g, "%s,%s,,,\n", st1, in1);    /* the first row again */
    assert_int_equal(fclose(f), 0);
    assert_int_equal(fclose(g), 0);
    assert_int_equal(rename(tmp, path), 0);
    return rows + (nlines > 0);
}

/* A memberships table of AHEAD_MIN (32 768) rows or more is read in two
 * parts (the ids of the last two thirds looked up on the second thread):
 * the same data set and messages with each executor as without one, on a
 * good data set, on one broken around the split and on both sides of it,
 * and on memberships.csv alone (read in one part: its rows add the ids);
 * the executor is called a second time for the rows. */
static void test_load_ahead(void **state)
{
    char dir[] = "/tmp/nm-ahead-XXXXXX", good[640], bad[640], cmd[2100];
    nm_gen_opts o;
    nm_load_opts lo = { NM_FORMAT_AUTO, NULL, NULL, NULL, tu_exec_thread, NULL, 0 };
    nm_dataset ds;
    nm_diag d;
    size_t rows;
    long lines[9];
    int calls = 0, k;

    (void)state;
    assert_non_null(mkdtemp(dir));
    snprintf(good, sizeof(good), "%s/good", dir);
    snprintf(bad, sizeof(bad), "%s/bad", dir);
    nm_gen_opts_init(&o);
    o.states = 11000;       /* 33 000 rows */
    o.insts = 100;
    o.mean = 3;
    o.seed = 11;
    nm_diag_init(&d);
    assert_int_equal(nm_generate(&o, good, NULL, &d), NM_OK);
    assert_int_equal(nm_generate(&o, bad, NULL, &d), NM_OK);
    rows = break_rows(good, NULL, 0);
    assert_true(rows >= 32768);
    /* rows / 3 is the split: row rows / 3 (line + 2) is the first looked up ahead */
    lines[0] = 12;
    for (k = 1; k < 8; k++)
        lines[k] = (long)(rows / 3) + 2 - 4 + k;    /* lines around the split */
    lines[8] = (long)rows - 5;
    assert_int_equal(break_rows(bad, lines, 9), rows + 1);
    /* memberships.csv alone: its rows add the ids, so they are read in one part */
    snprintf(cmd, sizeof(cmd), "mkdir '%s/bare' && cp '%s/memberships.csv' '%s/bare/'", dir, good, dir);
    assert_int_equal(system(cmd), 0);
    assert_int_equal(parts_agree(dir, 1, 1), 3);   /* with a thread: fast enough under valgrind */
    lo.exec_arg = &calls;
    nm_diag_init(&d);
    assert_int_equal(nm_dataset_load(&ds, good, &lo, &d), NM_OK);
    assert_int_equal(calls, 2);     /* the directory's files, then the rows */
    assert_int_equal(ds.nmembers, rows);
    nm_dataset_destroy(&ds);
    nm_diag_init(&d);
    assert_int_equal(nm_dataset_load(&ds, bad, &lo, &d), NM_EDATA);
    assert_int_equal(d.errors, 10);     /* the nine rows and the duplicate */
    nm_dataset_destroy(&ds);
    snprintf(cmd, sizeof(cmd), "%s/bare", dir);
    calls = 0;
    nm_diag_init(&d);
    assert_int_equal(nm_dataset_load(&ds, cmd, &lo, &d), NM_OK);
    assert_int_equal(calls, 1);     /* the directory's files only */
    nm_dataset_destroy(&ds);
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

/* nm_diag_append: as if reported in turn, up to NM_DIAG_MAX kept. */
static void test_diag_append(void **state)
{
    nm_diag a, b;
    int i;

    (void)state;
    nm_diag_init(&a);
    nm_diag_init(&b);
    for (i = 0; i < 15; i++)
        nm_diag_error(&a, "a.csv", i + 1, "first");
    for (i = 0; i < 9; i++)
        nm_diag_error(&b, "b.csv", i + 1, "second");
    nm_diag_warn(&b, "b.csv", 1, "careful");
    nm_diag_append(&a, &b);
    assert_int_equal(a.errors, 24);
    assert_int_equal(a.kept, NM_DIAG_MAX);
    assert_string_equal(a.text[14], "a.csv:15: first");
    assert_string_equal(a.text[15], "b.csv:1: second");
    assert_string_equal(a.text[NM_DIAG_MAX - 1], "b.csv:5: second");
    assert_int_equal(a.warnings, 1);
    assert_string_equal(a.wtext[0], "b.csv:1: careful");
    nm_diag_append(NULL, &b);      /* allowed, does nothing */
}

static void test_order_pairs(void **state)
{
    /* pairs (a, b): 0:(2,1) 1:(0,3) 2:(2,0) 3:(0,3) 4:(1,1) -> sorted by a, then
     * b, equal pairs in input order: 1, 3, 4, 2, 0 */
    const int a[] = { 2, 0, 2, 0, 1 }, b[] = { 1, 3, 0, 3, 1 };
    const size_t want[] = { 1, 3, 4, 2, 0 };
    size_t order[5], k;

    (void)state;
    assert_int_equal(nm_order_pairs(5, a, 3, b, 4, order), 0);
    for (k = 0; k < 5; k++)
        assert_int_equal(order[k], want[k]);
    assert_int_equal(nm_order_pairs(0, a, 3, b, 4, order), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tables),
        cmocka_unit_test(test_load_ahead),
        cmocka_unit_test(test_time_rule),
        cmocka_unit_test(test_selection),
        cmocka_unit_test(test_roles_dedupe),
        cmocka_unit_test(test_describe),
        cmocka_unit_test(test_single_file),
        cmocka_unit_test(test_errors_collected),
        cmocka_unit_test(test_order_pairs),
        cmocka_unit_test(test_load_parts),
        cmocka_unit_test(test_diag_append),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
