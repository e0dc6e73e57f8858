/* Unit tests of small text helpers: typed lists (text/list.c), line diffs (text/diff.c) and
 * directional controls (text/bidi.c). */
#include "base/buf.h"
#include "text/bidi.h"
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

Test(bidi, embeddings_overrides_and_isolates_are_removed_marks_kept)
{
    struct arena a = ARENA_INIT;
    /* U+202A..U+202E and U+2066..U+2069, each between letters; then LRM, RLM, ALM. */
    const char *s = "\u202Aأ\u202Bب\u202Cت\u202Dث\u202Eج\u2066ح\u2067خ\u2068د\u2069"
                    "ذ\u200E\u200F\u061C";
    cr_expect_str_eq(bidi_stripped(&a, s), "أبتثجحخدذ\u200E\u200F\u061C");
    cr_expect_str_eq(bidi_stripped(&a, "\u202E\u202E"), "");
    /* Neighbours that share the lead byte E2 stay: U+2029 (E2 80 A9), U+202F (E2 80 AF),
     * U+2065 (E2 81 A5), U+206A (E2 81 AA), and a sequence cut short at the end. */
    cr_expect_str_eq(bidi_stripped(&a, "\u2029\u202F\u2065\u206A x\xE2\x80"),
                     "\u2029\u202F\u2065\u206A x\xE2\x80");
    arena_free(&a);
}

Test(bidi, clean_text_is_returned_as_it_is_and_null_stays_null)
{
    struct arena a = ARENA_INIT;
    const char *s = "ليلى (Leila) ١٢٣";
    cr_expect_eq(bidi_stripped(&a, s), s, "no copy when nothing is removed");
    cr_expect_null(bidi_stripped(&a, NULL));
    arena_free(&a);
}
