/* Unit tests of small text helpers: typed lists (text/list.c) and line diffs (text/diff.c). */
#include "base/buf.h"
#include "text/diff.h"
#include "text/list.h"

#include <criterion/criterion.h>
#include <string.h>

Test(list, splits_on_latin_and_arabic_commas_and_lines_trims_and_drops_repeats)
{
    json_t *l = text_split_list(" المياه، المناخ ,\nالطاقة الشمسية,, المياه ،");
    cr_assert_eq(json_array_size(l), 3);
    cr_expect_str_eq(json_string_value(json_array_get(l, 0)), "المياه");
    cr_expect_str_eq(json_string_value(json_array_get(l, 1)), "المناخ");
    cr_expect_str_eq(json_string_value(json_array_get(l, 2)), "الطاقة الشمسية");
    json_decref(l);
    l = text_split_list(NULL);
    cr_expect_eq(json_array_size(l), 0);
    json_decref(l);
}

static void collect(void *ctx, enum diff_kind kind, const char *line, size_t n)
{
    static const char marks[] = {[DIFF_SAME] = ' ', [DIFF_REMOVED] = '-', [DIFF_ADDED] = '+'};
    buf_putc(ctx, marks[kind]);
    buf_append(ctx, line, n);
    buf_putc(ctx, '|');
}

static const char *diff(const char *a, const char *b)
{
    static char out[512];
    struct buf d = BUF_INIT;
    diff_lines(a, b, collect, &d);
    snprintf(out, sizeof out, "%s", buf_str(&d));
    buf_free(&d);
    return out;
}

Test(diff, unchanged_added_removed_and_changed_lines_in_reading_order)
{
    cr_expect_str_eq(diff("أ\nب\nج", "أ\nب\nج"), " أ| ب| ج|");
    cr_expect_str_eq(diff("أ\nب\nج", "أ\nج"), " أ|-ب| ج|");
    cr_expect_str_eq(diff("أ\nج", "أ\nب\nج"), " أ|+ب| ج|");
    cr_expect_str_eq(diff("أ\nب", "أ\nد"), " أ|-ب|+د|");
    cr_expect_str_eq(diff("", "سطر"), "+سطر|");
    cr_expect_str_eq(diff("a\r\nb", "a\nb"), " a| b|", "CRLF and LF lines are the same");
}
