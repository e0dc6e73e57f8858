/*
 * test_embed.c: recognizing the platforms' addresses (src/text/embed.c) and the private
 * placeholders the Markdown renderer writes for them (markdown_html_embeds()). The frame's
 * address must come only from what was recognized: nothing typed may reach it as it is, but
 * Facebook's address, percent-encoded.
 */
#include "text/embed.h"
#include "text/markdown.h"

#include <criterion/criterion.h>
#include <string.h>

/* The frame of url, or NULL when it is not recognized; freed by the next call. */
static const char *frame(const char *url, enum embed_provider *p)
{
    static struct buf last;
    buf_free(&last);
    struct embed e;
    if (!embed_match(url, strlen(url), &e)) {
        buf_free(&e.frame);
        return NULL;
    }
    if (p)
        *p = e.provider;
    last = e.frame;
    return buf_str(&last);
}

Test(embed, youtube_in_every_form_gives_the_no_cookie_frame)
{
    const char *forms[] = {
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        "https://youtube.com/watch?feature=share&v=dQw4w9WgXcQ&t=30",
        "http://m.youtube.com/watch?v=dQw4w9WgXcQ",
        "https://youtu.be/dQw4w9WgXcQ",
        "https://youtu.be/dQw4w9WgXcQ?t=12",
        "https://www.youtube.com/shorts/dQw4w9WgXcQ",
        "https://www.youtube.com/embed/dQw4w9WgXcQ",
        "HTTPS://WWW.YOUTUBE.COM/watch?v=dQw4w9WgXcQ#top",
    };
    for (size_t i = 0; i < sizeof forms / sizeof *forms; i++) {
        enum embed_provider p = EMBED_PROVIDERS;
        cr_expect_str_eq(frame(forms[i], &p), "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
                         "%s", forms[i]);
        cr_expect_eq(p, EMBED_YOUTUBE);
    }
}

Test(embed, every_platform)
{
    cr_expect_str_eq(frame("https://vimeo.com/76979871", NULL),
                     "https://player.vimeo.com/video/76979871");
    cr_expect_str_eq(frame("https://x.com/jack/status/20", NULL),
                     "https://platform.twitter.com/embed/Tweet.html?id=20&lang=ar");
    cr_expect_str_eq(
        frame("https://twitter.com/AJArabic/status/1795000000000000000?s=20", NULL),
        "https://platform.twitter.com/embed/Tweet.html?id=1795000000000000000&lang=ar");
    cr_expect_str_eq(frame("https://www.instagram.com/p/C0abc_-12/", NULL),
                     "https://www.instagram.com/p/C0abc_-12/embed");
    cr_expect_str_eq(frame("https://www.instagram.com/reel/Cxyz/?igsh=1", NULL),
                     "https://www.instagram.com/p/Cxyz/embed");
    cr_expect_str_eq(frame("https://www.tiktok.com/@aljazeera/video/7300000000000000000", NULL),
                     "https://www.tiktok.com/embed/v2/7300000000000000000");
    cr_expect_str_eq(frame("https://www.facebook.com/aljazeera/posts/pfbid02abc", NULL),
                     "https://www.facebook.com/plugins/post.php?href="
                     "https%3A%2F%2Fwww.facebook.com%2Faljazeera%2Fposts%2Fpfbid02abc");
    cr_expect_str_eq(frame("https://www.facebook.com/watch/?v=1234", NULL),
                     "https://www.facebook.com/plugins/video.php?href="
                     "https%3A%2F%2Fwww.facebook.com%2Fwatch%2F%3Fv%3D1234");
}

Test(embed, other_addresses_are_not_embeds)
{
    const char *others[] = {
        "https://www.youtube.com/",
        "https://www.youtube.com/watch?v=short",
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ\"onload=x",
        "https://youtu.be/dQw4w9WgXc<",
        "https://vimeo.com/channels/staffpicks",
        "https://x.com/jack",
        "https://x.com/jack/status/20abc",
        "https://evil.example/x.com/jack/status/20",
        "https://x.com.evil.example/jack/status/20",
        "https://youtube.com.evil.example/watch?v=dQw4w9WgXcQ",
        "javascript://youtube.com/watch?v=dQw4w9WgXcQ",
        "ftp://youtu.be/dQw4w9WgXcQ",
        "https://www.facebook.com/aljazeera",
        "https://www.tiktok.com/aljazeera/video/7300",
        "https://www.instagram.com/aljazeera/",
        "https://example.com/watch?v=dQw4w9WgXcQ",
        "",
    };
    for (size_t i = 0; i < sizeof others / sizeof *others; i++)
        cr_expect_null(frame(others[i], NULL), "%s", others[i]);
}

/* The embeds' HTML of md, and their providers in *providers; freed by the next call. */
static const char *embeds(const char *md, unsigned *providers)
{
    static struct buf b;
    buf_free(&b);
    cr_assert_eq(markdown_html_embeds(&b, md, strlen(md), NULL, providers), 0);
    return buf_str(&b);
}

Test(embed, an_address_alone_in_a_paragraph_becomes_a_placeholder_that_loads_nothing)
{
    unsigned providers = 0;
    const char *html = embeds("قبل.\n\nhttps://youtu.be/dQw4w9WgXcQ\n\nبعد.", &providers);
    cr_expect_eq(providers, 1u << EMBED_YOUTUBE);
    cr_expect(strstr(html, "<figure class=\"embed embed-youtube\" data-embed-src=\""
                           "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ\""));
    cr_expect(strstr(html, "<a href=\"https://youtu.be/dQw4w9WgXcQ\" rel=\"nofollow noopener\""));
    cr_expect(strstr(html, "<p>قبل.</p>") && strstr(html, "<p>بعد.</p>"));
    /* Nothing that would load by itself. */
    cr_expect_null(strstr(html, "<iframe"));
    cr_expect_null(strstr(html, "<img"));
    cr_expect_null(strstr(html, "<script"));
}

Test(embed, an_address_in_a_sentence_a_labelled_link_a_quote_or_code_stays_as_it_is)
{
    unsigned providers = 1;
    const char *html = embeds("شاهد https://youtu.be/dQw4w9WgXcQ الآن\n\n"
                              "[الفيديو](https://youtu.be/dQw4w9WgXcQ)\n\n"
                              "> https://youtu.be/dQw4w9WgXcQ\n\n"
                              "    https://youtu.be/dQw4w9WgXcQ\n\n"
                              "- https://youtu.be/dQw4w9WgXcQ\n",
                              &providers);
    cr_expect_eq(providers, 0);
    cr_expect_null(strstr(html, "<figure"));
    cr_expect(strstr(html, "<a href=\"https://youtu.be/dQw4w9WgXcQ\">الفيديو</a>"));
}

Test(embed, several_platforms_are_reported_and_plain_html_has_none)
{
    unsigned providers = 0;
    embeds("https://x.com/jack/status/20\n\nhttps://vimeo.com/76979871\n", &providers);
    cr_expect_eq(providers, (1u << EMBED_X) | (1u << EMBED_VIMEO));
    struct buf plain = BUF_INIT;
    const char *md = "https://x.com/jack/status/20\n";
    cr_assert_eq(markdown_html(&plain, md, strlen(md)), 0);
    cr_expect_null(strstr(buf_str(&plain), "<figure"), "feeds keep the plain link");
    buf_free(&plain);
}

/* A library photo written by the hook as a marker, to see where the renderer put it. */
static void photo(void *ctx, struct buf *out, int64_t id, const char *alt, bool alone)
{
    (void)ctx;
    buf_printf(out, "[photo %lld %s%s]", (long long)id, alt, alone ? " alone" : "");
}

Test(embed, photos_from_the_library_and_embeds_in_one_body_each_take_their_paragraph)
{
    struct buf b = BUF_INIT;
    const char *md = "![جسر](media:7)\n\nhttps://youtu.be/dQw4w9WgXcQ\n\nنص ![برج](media:8) هنا.\n";
    struct markdown_media media = {photo, NULL};
    unsigned providers = 0;
    cr_assert_eq(markdown_html_embeds(&b, md, strlen(md), &media, &providers), 0);
    const char *html = buf_str(&b);
    cr_expect_eq(providers, 1u << EMBED_YOUTUBE);
    cr_expect(strstr(html, "[photo 7 جسر alone]"), "%s", html);
    cr_expect_null(strstr(html, "<p>[photo 7"), "a photo alone replaces its paragraph: %s", html);
    cr_expect(strstr(html, "<p>نص [photo 8 برج] هنا.</p>"), "%s", html);
    cr_expect(strstr(html, "<figure class=\"embed embed-youtube\""), "%s", html);
    buf_free(&b);
}
