/*
 * test_comment.c: readers' comments (src/text/comment.c): the checks on what a reader sends, with
 * their messages; trimming; counting links; and rendering as HTML, where nothing a reader types
 * may become markup.
 */
#include "text/comment.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

/* ---- helpers ---- */

/* unit repeated times times, in a buffer the caller frees with buf_free. */
static struct buf repeat(const char *unit, int times)
{
    struct buf b = BUF_INIT;
    for (int i = 0; i < times; i++)
        buf_puts(&b, unit);
    return b;
}

/* comment_html of s, in a static buffer (enough for one comparison). */
static const char *html(const char *s)
{
    static char text[16384];
    struct buf b = BUF_INIT;
    comment_html(&b, s, strlen(s));
    cr_assert_lt(b.len, sizeof text);
    memcpy(text, buf_str(&b), b.len + 1);
    buf_free(&b);
    return text;
}

static int links(const char *s)
{
    return comment_links(s, strlen(s));
}

/* The link comment_html writes. */
#define LINK(href, text) "<a href=\"" href "\" rel=\"nofollow ugc noopener\">" text "</a>"

/* Expects comment_check to refuse, in field, with message. */
#define expect_refused(name, email, text, want_field, want_message)                                \
    do {                                                                                           \
        struct comment_problem p_ = {NULL, NULL};                                                  \
        cr_expect_not(comment_check((name), (email), (text), &p_), "accepted: %s", #text);         \
        cr_expect_str_eq(p_.field ? p_.field : "(null)", (want_field), "field for %s", #text);     \
        cr_expect_str_eq(p_.message ? p_.message : "(null)", (want_message), "message for %s",     \
                         #text);                                                                   \
    } while (0)

#define expect_accepted(name, email, text)                                                         \
    do {                                                                                           \
        struct comment_problem p_ = {NULL, NULL};                                                  \
        cr_expect(comment_check((name), (email), (text), &p_), "refused (%s): %s", #text,          \
                  p_.message ? p_.message : "");                                                   \
    } while (0)

static const char MSG_UTF8[] = "النص ليس بترميز صالح.";
static const char MSG_CONTROLS[] = "النص يحتوي على محارف تحكم غير مسموحة.";
static const char MSG_NAME_EMPTY[] = "اكتب اسمك.";
static const char MSG_NAME_LONG[] = "الاسم أطول من ٨٠ حرفًا.";
static const char MSG_EMAIL[] = "عنوان البريد الإلكتروني غير صالح.";
static const char MSG_TEXT_SHORT[] = "التعليق قصير جدًا: اكتب حرفين على الأقل.";
static const char MSG_TEXT_LONG[] = "التعليق أطول من ٥٠٠٠ حرف.";
static const char MSG_LINKS[] = "لا يُسمح بأكثر من ثلاثة روابط في التعليق.";

/* ---- comment_check ---- */

Test(comment_check, accepts_an_ordinary_arabic_comment)
{
    expect_accepted("أحمد", "ahmad@example.com", "مقال ممتاز، شكرًا للكاتب.");
    expect_accepted("أحمد", "", "مقال ممتاز");
    expect_accepted("أحمد", NULL, "مقال ممتاز");
}

Test(comment_check, accepts_a_null_problem_pointer)
{
    cr_expect_not(comment_check("", NULL, "نص", NULL));
    cr_expect(comment_check("أحمد", NULL, "نص", NULL));
}

Test(comment_check, refuses_an_empty_name_or_one_of_spaces_only)
{
    expect_refused("", NULL, "مقال ممتاز", "name", MSG_NAME_EMPTY);
    expect_refused(NULL, NULL, "مقال ممتاز", "name", MSG_NAME_EMPTY);
    expect_refused(" \t ", NULL, "مقال ممتاز", "name", MSG_NAME_EMPTY);
    expect_refused("\xC2\xA0\xE2\x80\x8F", NULL, "مقال ممتاز", "name", MSG_NAME_EMPTY);
}

Test(comment_check, accepts_a_name_of_one_character)
{
    expect_accepted("ع", NULL, "مقال ممتاز");
}

Test(comment_check, counts_name_length_in_characters_80_accepted_81_refused)
{
    /* 80 Arabic letters are 160 bytes: a byte count would refuse them. */
    struct buf name = repeat("ع", 80);
    expect_accepted(name.p, NULL, "مقال ممتاز");
    buf_puts(&name, "ع");
    expect_refused(name.p, NULL, "مقال ممتاز", "name", MSG_NAME_LONG);
    buf_free(&name);
}

Test(comment_check, measures_the_name_after_trimming)
{
    struct buf name = repeat("ع", 80);
    struct buf padded = repeat(" ", 5);
    buf_puts(&padded, name.p);
    buf_puts(&padded, "\xE2\x80\x8F  ");
    expect_accepted(padded.p, NULL, "مقال ممتاز");
    buf_free(&name);
    buf_free(&padded);
}

Test(comment_check, refuses_text_of_one_character_accepts_two)
{
    expect_refused("أحمد", NULL, "ب", "text", MSG_TEXT_SHORT);
    expect_refused("أحمد", NULL, "", "text", MSG_TEXT_SHORT);
    expect_refused("أحمد", NULL, NULL, "text", MSG_TEXT_SHORT);
    expect_refused("أحمد", NULL, "  ب \n ", "text", MSG_TEXT_SHORT);
    expect_accepted("أحمد", NULL, "بت");
    expect_accepted("أحمد", NULL, "\n بت \n");
}

Test(comment_check, counts_text_length_in_characters_5000_accepted_5001_refused)
{
    struct buf text = repeat("ب", 5000); /* 10,000 bytes */
    expect_accepted("أحمد", NULL, text.p);
    buf_puts(&text, "ت");
    expect_refused("أحمد", NULL, text.p, "text", MSG_TEXT_LONG);
    buf_free(&text);
}

Test(comment_check, measures_the_text_after_trimming)
{
    struct buf text = repeat(" \n", 100);
    struct buf body = repeat("ب", 5000);
    buf_puts(&text, body.p);
    buf_puts(&text, "\r\n\xC2\xA0\t");
    expect_accepted("أحمد", NULL, text.p);
    buf_free(&text);
    buf_free(&body);
}

Test(comment_check, accepts_three_links_refuses_four)
{
    const char *three = "انظر https://a.com و http://b.org/x و www.c.net للمزيد";
    const char *four = "انظر https://a.com و http://b.org/x و www.c.net و https://d.io";
    expect_accepted("أحمد", NULL, three);
    expect_refused("أحمد", NULL, four, "text", MSG_LINKS);
}

Test(comment_check, refuses_invalid_utf8_in_each_field)
{
    expect_refused("\xFF", NULL, "مقال ممتاز", "name", MSG_UTF8);
    expect_refused("أحمد", "\xC3", "مقال ممتاز", "email", MSG_UTF8);
    expect_refused("أحمد", NULL, "مقال \xD8", "text", MSG_UTF8);                /* truncated */
    expect_refused("أحمد", NULL, "\xC0\xAF\xC0\xAF", "text", MSG_UTF8);         /* overlong */
    expect_refused("أحمد", NULL, "\xED\xA0\x80\xED\xA0\x80", "text", MSG_UTF8); /* surrogate */
}

Test(comment_check, checks_utf8_of_all_fields_before_anything_else)
{
    /* The name is empty and the text too short, but the broken text is reported. */
    expect_refused("", NULL, "\xFF", "text", MSG_UTF8);
    /* Invalid bytes at an end are not trimmed away unnoticed. */
    expect_refused("أحمد", NULL, "مقال ممتاز \xA0", "text", MSG_UTF8);
}

Test(comment_check, reports_the_first_problem_in_field_order)
{
    expect_refused("", "bad", "ب", "name", MSG_NAME_EMPTY);
    expect_refused("أحمد", "bad", "ب", "email", MSG_EMAIL);
}

Test(comment_check, refuses_any_control_character_in_the_name)
{
    expect_refused("أحمد\tعلي", NULL, "مقال ممتاز", "name", MSG_CONTROLS);
    expect_refused("أحمد\nعلي", NULL, "مقال ممتاز", "name", MSG_CONTROLS);
    expect_refused("أحمد\rعلي", NULL, "مقال ممتاز", "name", MSG_CONTROLS);
    expect_refused("أحمد\x01", NULL, "مقال ممتاز", "name", MSG_CONTROLS);
    expect_refused("أحمد\x7F", NULL, "مقال ممتاز", "name", MSG_CONTROLS);
    /* At the ends they are trimmed, not refused. */
    expect_accepted("\tأحمد\n", NULL, "مقال ممتاز");
}

Test(comment_check, refuses_any_control_character_in_the_email)
{
    expect_refused("أحمد", "ali@exa\tmple.com", "مقال ممتاز", "email", MSG_CONTROLS);
    expect_refused("أحمد", "ali@exa\nmple.com", "مقال ممتاز", "email", MSG_CONTROLS);
    expect_refused("أحمد", "ali\x1B@example.com", "مقال ممتاز", "email", MSG_CONTROLS);
    expect_accepted("أحمد", "\tali@example.com\r\n", "مقال ممتاز");
}

Test(comment_check, allows_tabs_and_line_breaks_in_the_text)
{
    expect_accepted("أحمد", NULL, "السطر الأول\nالثاني\r\nالثالث\rالرابع\tبعد جدولة");
}

Test(comment_check, refuses_other_control_characters_in_the_text)
{
    expect_refused("أحمد", NULL, "مقال\x01ممتاز", "text", MSG_CONTROLS);
    expect_refused("أحمد", NULL, "مقال\x1B[31mممتاز", "text", MSG_CONTROLS);
    expect_refused("أحمد", NULL, "مقال\x7Fممتاز", "text", MSG_CONTROLS);
    expect_refused("أحمد", NULL, "مقال\vممتاز", "text", MSG_CONTROLS);
    expect_refused("أحمد", NULL, "مقال\fممتاز", "text", MSG_CONTROLS);
}

Test(comment_check, accepts_plausible_email_addresses)
{
    expect_accepted("أحمد", "ali@example.com", "مقال ممتاز");
    expect_accepted("أحمد", "first.last+news@mail.example.co.uk", "مقال ممتاز");
    expect_accepted("أحمد", "علي@مثال.مصر", "مقال ممتاز");
    expect_accepted("أحمد", "  ali@example.com\xC2\xA0", "مقال ممتاز");
    expect_accepted("أحمد", "   ", "مقال ممتاز"); /* empty once trimmed */
}

Test(comment_check, refuses_implausible_email_addresses)
{
    const char *bad[] = {
        "ali",
        "ali@",
        "@example.com",
        "ali@example",
        "ali@@x.com",
        "ali@x@y.com",
        "ali @example.com",
        "ali@exa mple.com",
        "ali@x..com",
        "ali@.example.com",
        "ali@example.com.",
        "Ali <ali@x.com>",
        "a,b@x.com",
        "ali@x.com;b@y.com",
        "ali\xC2\xA0x@y.com",
        "\"ali\"@x.com",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct comment_problem p = {NULL, NULL};
        cr_expect_not(comment_check("أحمد", bad[i], "مقال ممتاز", &p), "accepted %s", bad[i]);
        cr_expect_str_eq(p.field ? p.field : "", "email", "%s", bad[i]);
        cr_expect_str_eq(p.message ? p.message : "", MSG_EMAIL, "%s", bad[i]);
    }
}

Test(comment_check, accepts_an_email_of_254_bytes_refuses_255)
{
    struct buf email = repeat("a", 254 - (int)strlen("@example.com"));
    buf_puts(&email, "@example.com");
    cr_assert_eq(email.len, 254);
    expect_accepted("أحمد", email.p, "مقال ممتاز");
    struct buf longer = repeat("a", 1);
    buf_puts(&longer, email.p);
    expect_refused("أحمد", longer.p, "مقال ممتاز", "email", MSG_EMAIL);
    buf_free(&email);
    buf_free(&longer);
}

/* ---- comment_trim ---- */

/* The trimmed form of s, in a static buffer. */
static const char *trim(const char *s)
{
    static char text[256];
    size_t start = 99;
    size_t n = comment_trim(s, strlen(s), &start);
    cr_assert_leq(start + n, strlen(s));
    cr_assert_lt(n, sizeof text);
    memcpy(text, s + start, n);
    text[n] = '\0';
    return text;
}

Test(comment_trim, removes_ascii_white_space_at_both_ends)
{
    cr_expect_str_eq(trim("  \t\n\r\v\fمرحبا بكم \r\n\t\v\f "), "مرحبا بكم");
    cr_expect_str_eq(trim("مرحبا"), "مرحبا");
}

Test(comment_trim, removes_no_break_space_direction_marks_and_bom)
{
    cr_expect_str_eq(trim("\xC2\xA0\xE2\x80\x8Fمرحبا\xE2\x80\x8F\xC2\xA0"), "مرحبا");
    cr_expect_str_eq(trim("\xEF\xBB\xBF\xE2\x80\x8E hello \xE2\x80\x8E"), "hello");
    cr_expect_str_eq(trim("\xE2\x80\x8F \xC2\xA0 \xE2\x80\x8F"), "");
}

Test(comment_trim, keeps_white_space_and_marks_inside)
{
    cr_expect_str_eq(trim(" مرحبا\xC2\xA0\xE2\x80\x8F بكم "), "مرحبا\xC2\xA0\xE2\x80\x8F بكم");
}

Test(comment_trim, keeps_other_characters_at_the_ends)
{
    /* ZWNJ (U+200C) belongs to Persian words; ¡ shares the no-break space's lead byte. */
    cr_expect_str_eq(trim("\xE2\x80\x8Cنه\xE2\x80\x8C"), "\xE2\x80\x8Cنه\xE2\x80\x8C");
    cr_expect_str_eq(trim("\xC2\xA1hola\xC2\xA1"), "\xC2\xA1hola\xC2\xA1");
    cr_expect_str_eq(trim("\xA0"), "\xA0"); /* a stray byte, not a no-break space */
}

Test(comment_trim, handles_empty_and_all_space_input)
{
    size_t start = 99;
    cr_expect_eq(comment_trim("", 0, &start), 0);
    cr_expect_eq(start, 0);
    cr_expect_eq(comment_trim(" \n\xC2\xA0 ", 5, &start), 0);
}

Test(comment_trim, reads_only_n_bytes)
{
    size_t start;
    cr_expect_eq(comment_trim(" ab  cd", 5, &start), 2);
    cr_expect_eq(start, 1);
}

/* ---- comment_links ---- */

Test(comment_links, counts_http_https_and_www_addresses)
{
    cr_expect_eq(links("لا روابط هنا"), 0);
    cr_expect_eq(links("http://a.com"), 1);
    cr_expect_eq(links("https://a.com"), 1);
    cr_expect_eq(links("www.a.com"), 1);
    cr_expect_eq(links("انظر http://a.com وكذلك https://b.com/x و www.c.net"), 3);
}

Test(comment_links, ignores_case)
{
    cr_expect_eq(links("HTTP://A.COM Https://b.com WWW.C.NET"), 3);
}

Test(comment_links, counts_only_addresses_at_a_word_start)
{
    cr_expect_eq(links("awww.example.com"), 0);
    cr_expect_eq(links("xhttp://a.com"), 0);
    cr_expect_eq(links("9https://a.com"), 0);
    cr_expect_eq(links("a.www.example.com"), 0);
    cr_expect_eq(links("http://www.example.com"), 1);
    cr_expect_eq(links("(https://a.com) «www.b.com»"), 2);
}

Test(comment_links, counts_an_address_joined_to_an_arabic_proclitic)
{
    cr_expect_eq(links("وhttps://a.com"), 1);
    cr_expect_eq(links("بwww.a.com"), 1);
}

Test(comment_links, needs_an_address_after_the_prefix)
{
    cr_expect_eq(links("http://"), 0);
    cr_expect_eq(links("اكتب http:// ثم العنوان"), 0);
    cr_expect_eq(links("www."), 0);
    cr_expect_eq(links("www.."), 0);
    cr_expect_eq(links("https://."), 0);
}

Test(comment_links, counts_addresses_chained_inside_one)
{
    cr_expect_eq(links("http://a.com,http://b.com,http://c.com,http://d.com"), 4);
}

Test(comment_links, reads_only_n_bytes)
{
    cr_expect_eq(comment_links("http://a.com http://b.com", 12), 1);
    cr_expect_eq(comment_links("http://a.com", 7), 0);
}

/* ---- comment_html ---- */

/* Whether every '<' in s starts one of the tags comment_html writes. */
static bool only_our_tags(const char *s)
{
    for (const char *lt = strchr(s, '<'); lt; lt = strchr(lt + 1, '<'))
        if (strncmp(lt, "<br>", 4) != 0 && strncmp(lt, "<a href=\"http", 13) != 0 &&
            strncmp(lt, "</a>", 4) != 0)
            return false;
    return true;
}

Test(comment_html, leaves_plain_arabic_text_alone)
{
    cr_expect_str_eq(html("مقال ممتاز، شكرًا!"), "مقال ممتاز، شكرًا!");
    cr_expect_str_eq(html(""), "");
}

Test(comment_html, escapes_markup_quotes_and_ampersands)
{
    cr_expect_str_eq(html("<script>alert(1)</script>"), "&lt;script&gt;alert(1)&lt;/script&gt;");
    cr_expect_str_eq(html("قال \"نعم\" و'لا' & غير ذلك"),
                     "قال &quot;نعم&quot; و&#39;لا&#39; &amp; غير ذلك");
    cr_expect_str_eq(html("&amp;"), "&amp;amp;");
}

Test(comment_html, turns_each_line_break_into_br)
{
    cr_expect_str_eq(html("سطر\nسطر"), "سطر<br>سطر");
    cr_expect_str_eq(html("سطر\r\nسطر"), "سطر<br>سطر");
    cr_expect_str_eq(html("سطر\rسطر"), "سطر<br>سطر");
    cr_expect_str_eq(html("سطر\n\nسطر"), "سطر<br><br>سطر");
    cr_expect_str_eq(html("سطر\r\n\r\nسطر"), "سطر<br><br>سطر");
    cr_expect_str_eq(html("سطر\n\r\nسطر"), "سطر<br><br>سطر");
}

Test(comment_html, collapses_runs_of_more_than_two_breaks_to_two)
{
    cr_expect_str_eq(html("أ\n\n\nب"), "أ<br><br>ب");
    cr_expect_str_eq(html("أ\n\n\n\n\n\n\n\nب"), "أ<br><br>ب");
    cr_expect_str_eq(html("أ\r\n\r\n\r\n\r\nب"), "أ<br><br>ب");
    cr_expect_str_eq(html("أ\r\r\rب"), "أ<br><br>ب");
    /* Spaces between the breaks show as nothing and do not split the run. */
    cr_expect_str_eq(html("أ\n \n\t\n  \nب"), "أ<br><br>ب");
}

Test(comment_html, keeps_spaces_around_a_break)
{
    cr_expect_str_eq(html("أ \n  ب"), "أ <br>  ب");
}

Test(comment_html, links_addresses_with_nofollow_ugc_noopener)
{
    cr_expect_str_eq(
        html("انظر https://example.com/news للمزيد"),
        "انظر " LINK("https://example.com/news", "https://example.com/news") " للمزيد");
    cr_expect_str_eq(html("http://example.com"), LINK("http://example.com", "http://example.com"));
}

Test(comment_html, escapes_the_href_and_the_link_text)
{
    cr_expect_str_eq(html("https://x.com/?a=1&b=2"),
                     LINK("https://x.com/?a=1&amp;b=2", "https://x.com/?a=1&amp;b=2"));
}

Test(comment_html, gives_www_addresses_https)
{
    cr_expect_str_eq(html("زوروا www.example.com اليوم"),
                     "زوروا " LINK("https://www.example.com", "www.example.com") " اليوم");
}

Test(comment_html, writes_the_scheme_in_lower_case_in_the_href_only)
{
    cr_expect_str_eq(html("HTTPS://Example.com/A"),
                     LINK("https://Example.com/A", "HTTPS://Example.com/A"));
}

/* The link to https://a.com/x. */
#define AX LINK("https://a.com/x", "https://a.com/x")

Test(comment_html, leaves_trailing_punctuation_out_of_the_link)
{
    const char *ends[] = {".", ",", ":", ";", "!", "?", "...", "?!"};
    for (size_t i = 0; i < sizeof ends / sizeof ends[0]; i++) {
        char in[64], want[256];
        snprintf(in, sizeof in, "https://a.com/x%s", ends[i]);
        snprintf(want, sizeof want, "%s%s", AX, ends[i]);
        cr_expect_str_eq(html(in), want);
    }
    cr_expect_str_eq(html("https://a.com/x?q=1."),
                     LINK("https://a.com/x?q=1", "https://a.com/x?q=1") ".");
}

Test(comment_html, leaves_unmatched_closing_brackets_out_of_the_link)
{
    cr_expect_str_eq(html("(https://a.com/x)"), "(" AX ")");
    cr_expect_str_eq(html("[https://a.com/x]."), "[" AX "].");
    cr_expect_str_eq(html("https://en.wikipedia.org/wiki/C_(language)"),
                     LINK("https://en.wikipedia.org/wiki/C_(language)",
                          "https://en.wikipedia.org/wiki/C_(language)"));
    cr_expect_str_eq(html("(https://en.wikipedia.org/wiki/C_(language))."),
                     "(" LINK("https://en.wikipedia.org/wiki/C_(language)",
                              "https://en.wikipedia.org/wiki/C_(language)") ").");
}

Test(comment_html, ends_links_at_arabic_punctuation)
{
    cr_expect_str_eq(html("https://a.com/x، وغيره"), AX "، وغيره");
    cr_expect_str_eq(html("https://a.com/x؟"), AX "؟");
    cr_expect_str_eq(html("https://a.com/x؛ ثم"), AX "؛ ثم");
    cr_expect_str_eq(html("«https://a.com/x»"), "«" AX "»");
}

Test(comment_html, ends_links_at_invisible_marks_and_no_break_space)
{
    cr_expect_str_eq(html("https://a.com/x\xE2\x80\x8F"), AX "\xE2\x80\x8F");
    cr_expect_str_eq(html("https://a.com/x\xC2\xA0نص"), AX "\xC2\xA0نص");
    /* A right-to-left override would show the rest of an address reversed. */
    cr_expect_str_eq(html("https://a.com/x\xE2\x80\xAEmoc.lave"), AX "\xE2\x80\xAEmoc.lave");
}

Test(comment_html, links_arabic_paths_as_written)
{
    cr_expect_str_eq(
        html("https://ar.wikipedia.org/wiki/مصر"),
        LINK("https://ar.wikipedia.org/wiki/مصر", "https://ar.wikipedia.org/wiki/مصر"));
}

Test(comment_html, links_an_address_joined_to_an_arabic_proclitic)
{
    cr_expect_str_eq(html("وhttps://a.com"), "و" LINK("https://a.com", "https://a.com"));
}

Test(comment_html, does_not_link_inside_words_or_bare_prefixes)
{
    cr_expect_str_eq(html("awww.example.com"), "awww.example.com");
    cr_expect_str_eq(html("xhttp://a.com"), "xhttp://a.com");
    cr_expect_str_eq(html("اكتب http:// ثم العنوان"), "اكتب http:// ثم العنوان");
    cr_expect_str_eq(html("www."), "www.");
}

Test(comment_html, links_several_addresses_and_breaks)
{
    cr_expect_str_eq(html("أ https://a.com\nwww.b.org."),
                     "أ " LINK("https://a.com", "https://a.com") "<br>" LINK("https://www.b.org",
                                                                             "www.b.org") ".");
}

Test(comment_html, never_links_other_schemes)
{
    cr_expect_str_eq(html("javascript:alert(1)"), "javascript:alert(1)");
    cr_expect_str_eq(html("JavaScript:alert(document.cookie)"),
                     "JavaScript:alert(document.cookie)");
    cr_expect_str_eq(html("data:text/html,<script>alert(1)</script>"),
                     "data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;");
    cr_expect_str_eq(html("vbscript:msgbox(1) ftp://a.com mailto:a@b.com"),
                     "vbscript:msgbox(1) ftp://a.com mailto:a@b.com");
    cr_expect_null(strstr(html("javascript://www.a.com/%0aalert(1)"), "href=\"javascript"));
}

Test(comment_html, links_an_address_of_2000_bytes_but_not_2001)
{
    struct buf url = BUF_INIT;
    buf_puts(&url, "https://a.com/");
    struct buf pad = repeat("x", 2000 - (int)url.len);
    buf_puts(&url, pad.p);
    cr_assert_eq(url.len, 2000);
    cr_expect_not_null(strstr(html(url.p), "<a href="));
    buf_puts(&url, "x");
    const char *out = html(url.p);
    cr_expect_null(strchr(out, '<'));
    cr_expect_str_eq(out, url.p);
    buf_free(&url);
    buf_free(&pad);
}

Test(comment_html, shows_an_overlong_address_as_text_without_linking_inside_it)
{
    struct buf url = BUF_INIT;
    buf_puts(&url, "https://a.com/?u=");
    struct buf pad = repeat("x", 2000);
    buf_puts(&url, pad.p);
    buf_puts(&url, ",https://b.com après");
    const char *out = html(url.p);
    cr_expect_null(strchr(out, '<'));
    buf_free(&url);
    buf_free(&pad);
}

Test(comment_html, ends_a_link_at_a_quote_or_angle_bracket)
{
    cr_expect_str_eq(html("http://x.com/\"onmouseover=\"alert(1)"),
                     LINK("http://x.com/", "http://x.com/") "&quot;onmouseover=&quot;alert(1)");
    cr_expect_str_eq(html("https://a.b/<script>"),
                     LINK("https://a.b/", "https://a.b/") "&lt;script&gt;");
    cr_expect_str_eq(html("https://a.b/'x"), LINK("https://a.b/", "https://a.b/") "&#39;x");
}

Test(comment_html, writes_no_markup_of_its_own_for_xss_payloads)
{
    const char *payloads[] = {
        "<img src=x onerror=alert(1)>",
        "\"><svg onload=alert(1)>",
        "'><svg/onload=alert(1)>",
        "http://x.com/\"onmouseover=\"alert(1)",
        "https://a.b/<script>alert(1)</script>",
        "www.a.com/\"><script>alert(1)</script>",
        "<a href=\"javascript:alert(1)\">x</a>",
        "<iframe src=\"data:text/html,<script>alert(1)</script>\"></iframe>",
        "https://a.com/'onfocus='alert(1)' autofocus='",
        "http://<script>alert(1)</script>",
        "&lt;script&gt;alert(1)&lt;/script&gt;",
        "<<script>script>alert(1)<</script>/script>",
        "\n<br onmouseover=alert(1)>\n",
        "https://a.com/\r\n<script>",
        "<scr\nipt>alert(1)</scr\nipt>",
        "www.a.com<style>*{display:none}</style>",
        "«https://a.com/»<img src=x>",
    };
    for (size_t i = 0; i < sizeof payloads / sizeof payloads[0]; i++) {
        const char *out = html(payloads[i]);
        cr_expect(only_our_tags(out), "markup from %s: %s", payloads[i], out);
        cr_expect_null(strstr(out, "\"on"), "attribute from %s: %s", payloads[i], out);
        cr_expect_null(strstr(out, "href=\"javascript"), "%s: %s", payloads[i], out);
        cr_expect_null(strstr(out, "href=\"data"), "%s: %s", payloads[i], out);
    }
}

Test(comment_html, appends_to_what_is_there_and_reads_only_n_bytes)
{
    struct buf b = BUF_INIT;
    buf_puts(&b, "<p>");
    comment_html(&b, "أ\nhttps://a.com ب", strlen("أ\nhttps://a.com"));
    cr_expect_str_eq(buf_str(&b), "<p>أ<br>" LINK("https://a.com", "https://a.com"));
    buf_free(&b);
}
