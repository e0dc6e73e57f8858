/*
 * text.c: a scraped article page as plain text, like ../shared/fixtures/000_5560c4d92b8339bf.txt:
 * the title on the first line (news sites repeat it: a repeated title line counts once), then
 * the article a paragraph a line, then the site's chrome, which is cut: the comment counter
 * «التعليقات (0)», «الأكثر قراءة», «أهم المواضيع», «أهم التصنيفات», share and follow prompts, and
 * lone numbers. Lines are compared on their letters alone (emoji, punctuation, digits and
 * spacing ignored, and the text normalized), so «💡 أهم المواضيع» is recognized.
 */
#include "import/import.h"
#include "base/utf8.h"
#include "text/normalize.h"

#include <utf8proc.h>

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* Lines that begin the site's chrome: nothing after them is the article. */
static const char *const chrome_starts[] = {
    "التعليقات",      "الأكثر قراءة", "الأكثر مشاهدة", "أهم المواضيع",    "أهم التصنيفات",
    "مواضيع ذات صلة", "اقرأ أيضا",    "أخبار ذات صلة", "شارك هذا المقال", "تابعونا على",
};

/* Lines that are chrome wherever they stand (and are dropped). */
static const char *const chrome_lines[] = {
    "شارك",    "شارك على فيسبوك", "شارك على تويتر", "شارك على واتساب", "تابعنا",
    "تابعونا", "طباعة",           "أرسل لصديق",     "مشاركة",
};

/* The letters of a line, normalized, one space between words: what chrome is recognized by.
 * Anything but Arabic and Latin letters (digits, emoji, punctuation) separates words. */
static void letters(struct buf *out, const char *s, size_t n)
{
    struct buf norm = BUF_INIT;
    ar_normalize(&norm, s, n);
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)buf_str(&norm);
    size_t i = 0;
    bool gap = false;
    while (i < norm.len) {
        utf8proc_int32_t c;
        utf8proc_ssize_t k = utf8proc_iterate(p + i, (utf8proc_ssize_t)(norm.len - i), &c);
        if (k <= 0)
            k = 1, c = ' ';
        bool letter = (c >= 'a' && c <= 'z') || (c >= 0x0621 && c <= 0x064A);
        if (letter) {
            if (gap && out->len)
                buf_putc(out, ' ');
            buf_append(out, p + i, (size_t)k);
        }
        gap = !letter && (gap || out->len);
        i += (size_t)k;
    }
    buf_free(&norm);
}

static bool in_list(const char *l, const char *const *list, size_t n, bool prefix)
{
    for (size_t i = 0; i < n; i++) {
        struct buf want = BUF_INIT;
        letters(&want, list[i], strlen(list[i]));
        bool hit = prefix ? strncmp(l, want.p, want.len) == 0 : strcmp(l, buf_str(&want)) == 0;
        buf_free(&want);
        if (hit)
            return true;
    }
    return false;
}

struct line {
    const char *s;
    size_t n;
};

/* The next line of [*p, end): trimmed; *p moves past it. */
static struct line next_line(const char **p, const char *end)
{
    const char *s = *p;
    const char *nl = memchr(s, '\n', (size_t)(end - s));
    const char *e = nl ? nl : end;
    *p = nl ? nl + 1 : end;
    while (s < e && (*s == ' ' || *s == '\t' || *s == '\r'))
        s++;
    while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
        e--;
    return (struct line){s, (size_t)(e - s)};
}

enum { MAX_TITLE = 1000 };

int import_text(const char *data, size_t n, const char *path, struct import_sink *s,
                struct buf *err)
{
    (void)path;
    if (n == 0) {
        buf_puts(err, "empty file");
        return -1;
    }
    if (memchr(data, 0, n) || !utf8_valid(data, n)) {
        buf_puts(err, memchr(data, 0, n) ? "not a text file (binary data)" : "not valid UTF-8");
        return -1;
    }
    const char *p = data, *end = data + n;
    struct line title = {NULL, 0};
    long lineno = 0, title_line = 0;
    while (p < end && title.n == 0) {
        title = next_line(&p, end);
        lineno++;
    }
    title_line = lineno;
    if (title.n == 0) {
        buf_puts(err, "no text in the file");
        return -1;
    }
    if (utf8_length(title.s, title.n) > MAX_TITLE) {
        buf_printf(err, "the first line is not a title (%zu characters)",
                   utf8_length(title.s, title.n));
        return -1;
    }
    struct buf body = BUF_INIT, l = BUF_INIT;
    bool first = true;
    while (p < end) {
        struct line ln = next_line(&p, end);
        lineno++;
        if (ln.n == 0)
            continue;
        /* The title again right after itself (page title, then heading): once. */
        if (first && ln.n == title.n && memcmp(ln.s, title.s, ln.n) == 0) {
            first = false;
            continue;
        }
        first = false;
        buf_reset(&l);
        letters(&l, ln.s, ln.n);
        if (l.len == 0)
            continue; /* a lone number, a row of symbols */
        if (in_list(l.p, chrome_starts, sizeof chrome_starts / sizeof *chrome_starts, true))
            break;
        if (in_list(l.p, chrome_lines, sizeof chrome_lines / sizeof *chrome_lines, false))
            continue;
        import_paragraph(&body, ln.s, ln.n);
    }
    char *t = strndup(title.s, title.n);
    struct import_article a = {.title = t, .body = buf_str(&body), .line = title_line};
    int rc = body.len ? s->article(s, &a) : (s->skip(s, title_line, "no article text"), 0);
    free(t);
    buf_free(&body);
    buf_free(&l);
    return rc;
}
