/* test_csv.c - the CSV reader: RFC 4180 quoting, BOM, CRLF, line numbers, errors. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static nm_status parse(nm_csv *t, const char *text, nm_diag *d)
{
    nm_diag_init(d);
    return nm_csv_parse(t, text, strlen(text), "x.csv", NULL, d);
}

static void test_quoting(void **state)
{
    nm_csv t;
    nm_diag d;

    (void)state;
    assert_int_equal(parse(&t, "a,b\n\"x, y\",\"say \"\"hi\"\"\"\n\"multi\nline\",z\nlast,row\n", &d), NM_OK);
    assert_int_equal(t.nrows, 3);
    assert_string_equal(t.rows[0].f[0], "x, y");
    assert_string_equal(t.rows[0].f[1], "say \"hi\"");
    assert_string_equal(t.rows[1].f[0], "multi\nline");
    assert_int_equal(t.rows[1].line, 3);
    assert_int_equal(t.rows[2].line, 5);   /* the quoted newline counts as a line */
    nm_csv_destroy(&t);
}

static void test_bom_crlf_blank(void **state)
{
    nm_csv t;
    nm_diag d;

    (void)state;
    assert_int_equal(parse(&t, "\xef\xbb\xbfid,name\r\nA,Alpha\r\n\r\nB,Beta\n", &d), NM_OK);
    assert_int_equal(nm_csv_col(&t, "id"), 0);
    assert_int_equal(t.nrows, 2);
    assert_string_equal(t.rows[1].f[1], "Beta");
    assert_int_equal(t.rows[1].line, 4);
    assert_string_equal(nm_csv_get(&t.rows[0], -1), "");
    nm_csv_destroy(&t);
}

static void test_tabs(void **state)
{
    nm_csv t;
    nm_diag d;

    (void)state;
    assert_int_equal(parse(&t, "ccode\tyear\tnato\n2\t1999\t1\n", &d), NM_OK);
    assert_int_equal(t.header.n, 3);
    assert_string_equal(t.rows[0].f[2], "1");
    nm_csv_destroy(&t);
}

static void expect_error(const char *text, const char *msg)
{
    nm_csv t;
    nm_diag d;

    assert_int_equal(parse(&t, text, &d), NM_EDATA);
    assert_true(d.errors >= 1);
    if (!strstr(d.text[0], msg))
        fprintf(stderr, "got: %s\nwant: %s\n", d.text[0], msg);
    assert_non_null(strstr(d.text[0], msg));
    nm_csv_destroy(&t);
}

static void test_errors(void **state)
{
    (void)state;
    expect_error("", "x.csv: empty file");
    expect_error("a,b\n\"open,1\n", "x.csv:2: unterminated quoted field");
    expect_error("a,b\nx\"y,1\n", "x.csv:2: malformed quoting");
    expect_error("a,b\n1,2,3\n", "x.csv:2: expected 2 fields as in the header, found 3");
    expect_error("a,b\n1,\xff\n", "x.csv:2: invalid UTF-8");
    expect_error("a,b\n1,\xc0\x80\n", "x.csv:2: invalid UTF-8");   /* overlong */
    expect_error("a,b\n1,2\n3,\xed\xa0\x80\n", "x.csv:3: invalid UTF-8"); /* surrogate */
}

static void test_nul(void **state)
{
    nm_csv t;
    nm_diag d;
    const char text[] = "a,b\n1,2\nx\0y,3\n";

    (void)state;
    nm_diag_init(&d);
    assert_int_equal(nm_csv_parse(&t, text, sizeof(text) - 1, "x.csv", NULL, &d), NM_EDATA);
    assert_non_null(strstr(d.text[0], "x.csv:3: NUL byte"));
    nm_csv_destroy(&t);
}

/* Lines the fast path splits itself next to lines it leaves to libcsv; the
 * fields are what RFC 4180 and libcsv's trimming give, counted by hand. */
static void test_plain_and_not(void **state)
{
    nm_csv t;
    nm_diag d;

    (void)state;
    assert_int_equal(parse(&t, "a,b,c\n"
                               "\"q,1\",,x\r\n"       /* 2: quoted with a comma, empty, CRLF */
                               " s , t\t,u\n"         /* 3: spaces and a tab trimmed */
                               "\"\",\"say \"\"hi\"\"\",z\n" /* 4: empty quoted, doubled quotes */
                               "v,w,\n"                /* 5: an empty last field */
                               "\r\n"                  /* 6: blank */
                               "e,f,g", &d), NM_OK);   /* 7: no final newline */
    assert_int_equal(t.nrows, 5);
    assert_string_equal(t.rows[0].f[0], "q,1");
    assert_string_equal(t.rows[0].f[1], "");
    assert_string_equal(t.rows[0].f[2], "x");
    assert_string_equal(t.rows[1].f[0], "s");
    assert_string_equal(t.rows[1].f[1], "t");
    assert_string_equal(t.rows[2].f[0], "");
    assert_string_equal(t.rows[2].f[1], "say \"hi\"");
    assert_string_equal(t.rows[3].f[2], "");
    assert_int_equal(t.rows[3].line, 5);
    assert_string_equal(t.rows[4].f[2], "g");
    assert_int_equal(t.rows[4].line, 7);
    nm_csv_destroy(&t);
    /* a CR inside a line ends a record there (libcsv's terminator) */
    assert_int_equal(parse(&t, "a,b\n1,2\r3,4\n", &d), NM_OK);
    assert_int_equal(t.nrows, 2);
    assert_string_equal(t.rows[1].f[0], "3");
    assert_int_equal(t.rows[1].line, 2);
    nm_csv_destroy(&t);
    expect_error("a,b\n\"x\"y,1\n", "x.csv:2: malformed quoting");
}

/* nm_csv_read_cols keeps the named columns, in file order, and checks the
 * others: a wrong field count is still counted over every column. */
static void test_columns(void **state)
{
    static const char *const only[] = { "c", "a", "nope", NULL };
    char path[] = "/tmp/nestmap-test-csv-XXXXXX";
    int fd = mkstemp(path);
    FILE *f;
    nm_csv t;
    nm_diag d;

    (void)state;
    assert_true(fd >= 0);
    close(fd);
    f = fopen(path, "w");
    assert_non_null(f);
    fputs("a,b,c\n1,\"x\",3\n,,\n,y,\n4,5,6\n", f);
    fclose(f);
    nm_diag_init(&d);
    assert_int_equal(nm_csv_read_cols(&t, path, "x.csv", NULL, only, &d), NM_OK);
    assert_int_equal(t.header.n, 2);
    assert_int_equal(nm_csv_col(&t, "a"), 0);
    assert_int_equal(nm_csv_col(&t, "c"), 1);
    assert_int_equal(nm_csv_col(&t, "b"), -1);
    assert_int_equal(t.nrows, 3);          /* line 3 is blank; line 4 is not (b = y) */
    assert_string_equal(t.rows[0].f[1], "3");
    assert_int_equal(t.rows[1].n, 2);
    assert_string_equal(t.rows[1].f[0], "");
    assert_int_equal(t.rows[1].line, 4);
    assert_string_equal(t.rows[2].f[0], "4");
    nm_csv_destroy(&t);
    f = fopen(path, "w");
    assert_non_null(f);
    fputs("a,b,c\n1,2\n", f);
    fclose(f);
    nm_diag_init(&d);
    assert_int_equal(nm_csv_read_cols(&t, path, "x.csv", NULL, only, &d), NM_EDATA);
    assert_non_null(strstr(d.text[0], "x.csv:2: expected 3 fields as in the header, found 2"));
    nm_csv_destroy(&t);
    remove(path);
}

static void test_utf8_valid(void **state)
{
    const char *ok = "Côte d’Ivoire 😀";

    (void)state;
    assert_int_equal(nm_utf8_check(ok, strlen(ok)), strlen(ok));
    assert_int_equal(nm_utf8_check("ab\xe2\x82", 4), 2);  /* truncated sequence */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_quoting),
        cmocka_unit_test(test_bom_crlf_blank),
        cmocka_unit_test(test_tabs),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_nul),
        cmocka_unit_test(test_utf8_valid),
        cmocka_unit_test(test_plain_and_not),
        cmocka_unit_test(test_columns),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
