/*
 * test_slug.c: URL slugs (src/text/slug.c): Arabic kept as spelled, tashkeel and tatweel gone,
 * Latin lowercased, separators collapsed, and the length cut that never splits a character.
 */
#include "text/slug.h"
#include "base/utf8.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

/* The slug of the C string s, in a static buffer (enough for one comparison). */
static const char *slug(const char *s)
{
    static char text[4 * SLUG_MAX_BYTES];
    struct buf b = BUF_INIT;
    slug_make(&b, s, strlen(s));
    snprintf(text, sizeof text, "%s", buf_str(&b));
    buf_free(&b);
    return text;
}

Test(slug, arabic_title_words_joined_by_hyphens)
{
    cr_expect_str_eq(slug("النظام يعلن عن اتفاق مع داعش جنوبي دمشق"),
                     "النظام-يعلن-عن-اتفاق-مع-داعش-جنوبي-دمشق");
}

Test(slug, tashkeel_is_dropped_without_splitting_the_word)
{
    cr_expect_str_eq(slug("دَاعِش"), "داعش");
    cr_expect_str_eq(slug("مُحَمَّدٌ"), "محمد"); /* damma, fatha, shadda, dammatan */
    cr_expect_str_eq(slug("هٰذا"), "هذا");   /* U+0670 superscript alef */
}

Test(slug, hamza_typed_as_a_separate_mark_joins_its_letter)
{
    cr_expect_str_eq(slug("ا\u0654سد"), "أسد"); /* alef + hamza above -> U+0623 */
    cr_expect_str_eq(slug("ا\u0653خر"), "آخر"); /* alef + madda above -> U+0622 */
}

Test(slug, tatweel_is_dropped)
{
    cr_expect_str_eq(slug("الـــعرب"), "العرب");
}

Test(slug, invisible_format_characters_do_not_split_words)
{
    cr_expect_str_eq(slug("سوريا\u200F اليوم"), "سوريا-اليوم"); /* RLM */
    cr_expect_str_eq(slug("می\u200Cخواهم"), "میخواهم");         /* ZWNJ */
    cr_expect_str_eq(slug("infor\u00ADmation"), "information"); /* soft hyphen */
}

Test(slug, latin_lowercased_and_punctuation_becomes_one_hyphen)
{
    cr_expect_str_eq(slug("Hello, World!"), "hello-world");
    cr_expect_str_eq(slug("Ünïcödé ÉTÉ"), "ünïcödé-été");
}

Test(slug, other_scripts_keep_their_case)
{
    cr_expect_str_eq(slug("Ελλάδα Россия"), "Ελλάδα-Россия");
}

Test(slug, mixed_arabic_and_latin)
{
    cr_expect_str_eq(slug("مؤتمر COP28 في دبي"), "مؤتمر-cop28-في-دبي");
}

Test(slug, arabic_indic_digits_kept_as_written)
{
    cr_expect_str_eq(slug("عام ٢٠٢٥"), "عام-٢٠٢٥");
    cr_expect_str_eq(slug("عام ۱۴۰۳"), "عام-۱۴۰۳"); /* Eastern Arabic-Indic (Persian) */
}

Test(slug, runs_of_separators_collapse_and_ends_are_trimmed)
{
    cr_expect_str_eq(slug("  «أخبار» — عاجل!!  "), "أخبار-عاجل");
    cr_expect_str_eq(slug("a - - b"), "a-b");
    cr_expect_str_eq(slug("--a--"), "a");
    cr_expect_str_eq(slug("سؤال؟ جواب، نعم؛"), "سؤال-جواب-نعم");
}

Test(slug, nothing_appended_without_a_letter_or_digit)
{
    struct buf b = BUF_INIT;
    buf_puts(&b, "x");
    slug_make(&b, "  —!؟  ", strlen("  —!؟  "));
    slug_make(&b, "", 0);
    slug_make(&b, "ـــ", strlen("ـــ")); /* tatweel only */
    slug_make(&b, "َُ", strlen("َُ"));       /* marks only */
    cr_expect_str_eq(buf_str(&b), "x");
    cr_expect_eq(b.len, 1);
    buf_free(&b);
}

Test(slug, appends_to_what_is_there)
{
    struct buf b = BUF_INIT;
    buf_puts(&b, "/tag/");
    slug_make(&b, "اقتصاد", strlen("اقتصاد"));
    cr_expect_str_eq(buf_str(&b), "/tag/اقتصاد");
    buf_free(&b);
}

Test(slug, invalid_utf8_bytes_act_as_separators)
{
    cr_expect_str_eq(slug("ab\xFF\xFE"
                          "cd"),
                     "ab-cd");
    cr_expect_str_eq(slug("\xC3"), "");
}

Test(slug, only_the_given_length_is_read)
{
    struct buf b = BUF_INIT;
    slug_make(&b, "abc def", 3);
    cr_expect_str_eq(buf_str(&b), "abc");
    buf_free(&b);
}

/* The checks every long slug must pass. */
static void expect_well_cut(const char *s)
{
    size_t n = strlen(s);
    cr_expect_leq(n, SLUG_MAX_BYTES);
    cr_expect_gt(n, 0);
    cr_expect(utf8_valid(s, n), "the cut split a character");
    cr_expect_neq(s[n - 1], '-');
    cr_expect_neq(s[0], '-');
}

Test(slug, long_arabic_title_cut_at_a_word_boundary)
{
    char title[1024] = "";
    while (strlen(title) < 300)
        strcat(title, "اتفاق جديد ");
    const char *s = slug(title);
    expect_well_cut(s);
    /* whole words only: the slug is a prefix of the full slug ending where a word ends */
    cr_expect(strlen(s) > SLUG_MAX_BYTES - 24, "cut far earlier than needed: %zu", strlen(s));
    size_t n = strlen(s);
    cr_expect(strcmp(s + n - strlen("اتفاق"), "اتفاق") == 0 ||
              strcmp(s + n - strlen("جديد"), "جديد") == 0);
}

Test(slug, long_word_without_hyphens_cut_between_characters)
{
    char title[1024] = "";
    for (int i = 0; i < 150; i++)
        strcat(title, "ب"); /* 300 bytes, one word */
    const char *s = slug(title);
    expect_well_cut(s);
    cr_expect_eq(strlen(s), SLUG_MAX_BYTES);
}

Test(slug, odd_byte_lengths_never_split_a_character)
{
    /* "a" shifts every Arabic letter to an odd offset, so a byte cut at 120 would split one */
    char title[1024] = "a";
    for (int i = 0; i < 150; i++)
        strcat(title, "ب");
    const char *s = slug(title);
    expect_well_cut(s);
    cr_expect_eq(strlen(s), SLUG_MAX_BYTES - 1);
}

Test(slug, word_ending_exactly_at_the_limit_is_kept)
{
    char title[1024] = "";
    for (int i = 0; i < SLUG_MAX_BYTES; i++)
        strcat(title, "a");
    strcat(title, " bbb");
    cr_expect_eq(strlen(slug(title)), SLUG_MAX_BYTES);

    /* and a word that does not fit goes, with the hyphen before it */
    char two[1024] = "";
    for (int i = 0; i < SLUG_MAX_BYTES - 2; i++)
        strcat(two, "a");
    strcat(two, " bbb");
    cr_expect_eq(strlen(slug(two)), SLUG_MAX_BYTES - 2);
    cr_expect_neq(slug(two)[SLUG_MAX_BYTES - 3], '-');
}
