/* test_csv.c - the CSV reader: RFC 4180 quoting, BOM, CRLF, line numbers, errors. */
#include "testutil.h"

#include <string.h>

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
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
