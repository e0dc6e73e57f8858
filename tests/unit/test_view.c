/* Unit tests of view/ pieces that need no server: how a database error fails a request, ids,
 * cards, and a select's chosen option. */
#include "store/db.h"
#include "view/card.h"
#include "view/choices.h"
#include "view/fail.h"
#include "view/url.h"

#include <criterion/criterion.h>
#include <string.h>

Test(view, a_database_error_is_500_and_a_busy_or_unreadable_database_503)
{
    static const struct {
        int rc, status;
        const char *code;
    } cases[] = {
        {DB_ERROR, 500, "database_error"},
        {DB_CONSTRAINT, 500, "database_error"},
        {DB_BUSY, 503, "database_busy"},
        {DB_UNAVAILABLE, 503, "database_busy"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        struct req r = {.status = 200};
        cr_expect_eq(view_fail_db(&r, cases[i].rc), -1);
        cr_expect_eq(r.status, cases[i].status, "rc %d", cases[i].rc);
        cr_expect_str_eq(r.error_code, cases[i].code);
        cr_expect(strstr(r.error_message, "\xd8") != NULL, "an Arabic message: %s",
                  r.error_message);
        buf_free(&r.out);
    }
}

Test(view, ids_are_ascii_digits_only)
{
    cr_expect_eq(view_parse_id("42"), 42);
    cr_expect_eq(view_parse_id("0042"), 42, "leading zeros read; the page redirects to /a/42");
    cr_expect_eq(view_parse_id("0"), 0);
    cr_expect_eq(view_parse_id("-1"), 0);
    cr_expect_eq(view_parse_id("1e3"), 0);
    cr_expect_eq(view_parse_id("٤٢"), 0, "Arabic-Indic digits are not an id");
    cr_expect_eq(view_parse_id("1234567890123456"), 0, "more than 15 digits");
    cr_expect_eq(view_parse_id(""), 0);
    cr_expect_eq(view_parse_id(NULL), 0);
}

Test(view, a_card_links_the_article_its_category_and_its_author)
{
    json_t *row =
        json_pack("{s:i, s:s, s:{s:s}, s:{s:s}, s:n}", "id", 7, "slug", "اتفاق-جديد", "category",
                  "slug", "politics", "author", "slug", "layla", "published_at");
    view_card(row);
    cr_expect_str_eq(json_string_value(json_object_get(row, "url")), "/a/7/اتفاق-جديد");
    cr_expect_str_eq(json_string_value(json_object_get(json_object_get(row, "category"), "url")),
                     "/c/politics");
    cr_expect_str_eq(json_string_value(json_object_get(json_object_get(row, "author"), "url")),
                     "/u/layla");
    cr_expect_null(json_object_get(row, "date"), "no publication time, no date");
    json_decref(row);
}

Test(view, choices_mark_the_chosen_option_only)
{
    json_t *rows = json_pack("[{s:i}, {s:i}, {s:i}]", "id", 1, "id", 2, "id", 3);
    view_choices(rows, 2);
    for (size_t i = 0; i < 3; i++)
        cr_expect_eq(json_is_true(json_object_get(json_array_get(rows, i), "selected")), i == 1);
    view_choices(rows, 0);
    for (size_t i = 0; i < 3; i++)
        cr_expect(json_is_false(json_object_get(json_array_get(rows, i), "selected")),
                  "0 chooses none");
    json_decref(rows);
}
