/*
 * test_escape.c: the escaper for each output context (src/text/escape.c): HTML, XML, URL
 * components and JSON strings.
 */
#include "text/escape.h"

#include <criterion/criterion.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef void escaper(struct buf *, const char *, size_t);

/* What esc appends for the n bytes at s, in a static buffer (enough for one comparison). */
static const char *esc_n(escaper *esc, const char *s, size_t n)
{
    static char text[512];
    struct buf b = BUF_INIT;
    esc(&b, s, n);
    cr_assert_lt(b.len, sizeof text);
    memcpy(text, buf_str(&b), b.len + 1);
    buf_free(&b);
    return text;
}

static const char *esc(escaper *e, const char *s)
{
    return esc_n(e, s, strlen(s));
}

Test(escape, html_turns_the_five_markup_characters_into_entities)
{
    cr_expect_str_eq(esc(esc_html, "<a href=\"x\" title='y'>&</a>"),
                     "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;");
}

Test(escape, html_leaves_arabic_and_plain_text_alone)
{
    cr_expect_str_eq(esc(esc_html, "النظام يعلن عن اتفاق"), "النظام يعلن عن اتفاق");
    cr_expect_str_eq(esc(esc_html, ""), "");
    cr_expect_str_eq(esc(esc_html, "a\tb\nc"), "a\tb\nc");
}

Test(escape, html_escapes_existing_entities_again)
{
    cr_expect_str_eq(esc(esc_html, "&amp;"), "&amp;amp;");
}

Test(escape, html_reads_only_n_bytes_and_passes_nul_through)
{
    cr_expect_str_eq(esc_n(esc_html, "<b>", 1), "&lt;");
    struct buf b = BUF_INIT;
    esc_html(&b, "a\0<", 3);
    cr_expect_eq(b.len, 6);
    cr_expect_eq(memcmp(b.p, "a\0&lt;", 6), 0);
    buf_free(&b);
}

Test(escape, html_appends_to_what_is_there)
{
    struct buf b = BUF_INIT;
    buf_puts(&b, "<p>");
    esc_html(&b, "<", 1);
    cr_expect_str_eq(buf_str(&b), "<p>&lt;");
    buf_free(&b);
}

Test(escape, xml_escapes_markup_with_apos)
{
    cr_expect_str_eq(esc(esc_xml, "<t a=\"1\">'&'</t>"),
                     "&lt;t a=&quot;1&quot;&gt;&apos;&amp;&apos;&lt;/t&gt;");
}

Test(escape, xml_drops_control_characters_it_forbids)
{
    cr_expect_str_eq(esc(esc_xml, "a\x01"
                                  "b\x08"
                                  "c\x0B"
                                  "d\x0C"
                                  "e\x1F"
                                  "f"),
                     "abcdef");
    cr_expect_str_eq(esc_n(esc_xml, "x\0y", 3), "xy");
}

Test(escape, xml_keeps_tab_newline_carriage_return_and_arabic)
{
    cr_expect_str_eq(esc(esc_xml, "a\tb\nc\rd"), "a\tb\nc\rd");
    cr_expect_str_eq(esc(esc_xml, "دمشق"), "دمشق");
}

Test(escape, xml_plain_writes_markup_characters_as_hex_references)
{
    cr_expect_str_eq(esc(esc_xml_plain, "AT&T <b>\"q\" 'a'</b> &amp;"),
                     "AT&#x26;T &#x3C;b&#x3E;&quot;q&quot; &apos;a&apos;&#x3C;/b&#x3E; &#x26;amp;");
    cr_expect_str_eq(esc(esc_xml_plain, "قسم\x01"), "قسم", "controls XML forbids are dropped");
}

Test(escape, xml_element_wraps_escaped_text)
{
    struct buf b = BUF_INIT;
    esc_xml_element(&b, "news:title", "«أ» & <b>");
    esc_xml_element(&b, "x", NULL);
    cr_expect_str_eq(buf_str(&b), "<news:title>«أ» &amp; &lt;b&gt;</news:title>\n<x></x>\n");
    buf_free(&b);
}

Test(escape, url_percent_encodes_arabic_as_utf8_bytes)
{
    cr_expect_str_eq(esc(esc_url, "داعش"), "%D8%AF%D8%A7%D8%B9%D8%B4");
    cr_expect_str_eq(esc(esc_url, "النظام-يعلن"),
                     "%D8%A7%D9%84%D9%86%D8%B8%D8%A7%D9%85-%D9%8A%D8%B9%D9%84%D9%86");
}

Test(escape, url_keeps_only_unreserved_characters)
{
    cr_expect_str_eq(esc(esc_url, "AZaz09-._~"), "AZaz09-._~");
    cr_expect_str_eq(esc(esc_url, "a b"), "a%20b");
    cr_expect_str_eq(esc(esc_url, "/?#&=+%:@!'\"<>"), "%2F%3F%23%26%3D%2B%25%3A%40%21%27%22%3C%3E");
    cr_expect_str_eq(esc_n(esc_url, "\0\xFF", 2), "%00%FF");
}

Test(escape, uri_encodes_an_iri_path_keeping_its_structure)
{
    cr_expect_str_eq(esc(esc_uri, "/a/7/داعش?page=2#x"), "/a/7/%D8%AF%D8%A7%D8%B9%D8%B4?page=2#x");
    cr_expect_str_eq(esc(esc_uri, "/c/a b<\"`{}|\\^>"), "/c/a%20b%3C%22%60%7B%7D%7C%5C%5E%3E");
    cr_expect_str_eq(esc(esc_uri, "/x%20y"), "/x%20y");
}

Test(escape, json_escapes_quote_backslash_and_slash)
{
    cr_expect_str_eq(esc(esc_json, "say \"hi\" \\ a/b"), "say \\\"hi\\\" \\\\ a\\/b");
    cr_expect_str_eq(esc(esc_json, "</script>"), "<\\/script>");
}

Test(escape, json_escapes_control_characters)
{
    cr_expect_str_eq(esc(esc_json, "a\nb\rc\td"), "a\\nb\\rc\\td");
    cr_expect_str_eq(esc(esc_json, "\x01\x1F\x08\x0C"), "\\u0001\\u001f\\u0008\\u000c");
    cr_expect_str_eq(esc_n(esc_json, "\0", 1), "\\u0000");
}

Test(escape, json_leaves_arabic_and_markup_characters_alone)
{
    cr_expect_str_eq(esc(esc_json, "عاجل <b> & 'x'"), "عاجل <b> & 'x'");
}

Test(escape, json_script_escapes_what_could_end_or_confuse_a_script_element)
{
    cr_expect_str_eq(esc(esc_json_script, "{\"t\":\"</script><!-- a & b>\"}"),
                     "{\"t\":\"\\u003c/script\\u003e\\u003c!-- a \\u0026 b\\u003e\"}");
    /* U+2028 and U+2029 (line and paragraph separators); other E2 sequences stay. */
    cr_expect_str_eq(esc(esc_json_script, "[\"a\xE2\x80\xA8"
                                          "b\xE2\x80\xA9"
                                          "c\xE2\x80\x94\"]"),
                     "[\"a\\u2028b\\u2029c\xE2\x80\x94\"]");
    cr_expect_str_eq(esc(esc_json_script, "\"عاجل\""), "\"عاجل\"");
    cr_expect_str_eq(esc_n(esc_json_script, "\xE2\x80", 2), "\xE2\x80");
}

Test(escape, json_script_output_parses_back_to_the_same_value)
{
    const char *title = "</script><script>alert(1)</script> & \"quotes\" 'x' \xE2\x80\xA8 عاجل";
    json_t *v = json_pack("{s:s}", "headline", title);
    char *text = json_dumps(v, JSON_COMPACT);
    struct buf b = BUF_INIT;
    esc_json_script(&b, text, strlen(text));
    cr_expect_null(strstr(buf_str(&b), "<"));
    cr_expect_null(strstr(buf_str(&b), ">"));
    cr_expect_null(strstr(buf_str(&b), "&"));
    json_t *back = json_loads(buf_str(&b), 0, NULL);
    cr_assert_not_null(back);
    cr_expect_str_eq(json_string_value(json_object_get(back, "headline")), title);
    json_decref(back);
    buf_free(&b);
    free(text);
    json_decref(v);
}

Test(escape, marked_text_gets_mark_tags_and_everything_else_escaped)
{
    struct buf b = BUF_INIT;
    const char *s = "<b>\x01"
                    "اتفاق\x02 & \x01\"x\"\x02";
    esc_html_marked(&b, s, strlen(s));
    cr_expect_str_eq(buf_str(&b), "&lt;b&gt;<mark>اتفاق</mark> &amp; <mark>&quot;x&quot;</mark>");
    buf_free(&b);
}
