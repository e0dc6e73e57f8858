/*
 * html.c: a saved article page ("Save page as…" from a browser) read as one article.
 *
 * The page is parsed with gumbo. The article text is found the way Readability finds it: every
 * paragraph of some length scores its container (1, plus its commas, Latin and Arabic, plus a
 * point a hundred characters up to three), half that goes to the container's parent and a sixth
 * to the grandparent; containers gain for <article>, itemprop=articleBody and class or id words
 * like article, content, entry, post, story, and lose for comment, sidebar, footer, nav, share,
 * related, widget, menu, ads; the score is then scaled by the share of text outside links. The
 * best container (with its siblings that score nearly as well, for a body split by an ad) gives
 * the paragraphs, in order: p, headings, blockquote, li, and runs of text separated by <br>.
 * Paragraphs that are mostly links, and share/follow prompts, "read also" lines and copyright
 * lines are left out; script, style, noscript, nav, aside, footer, header and form never count.
 *
 * The title, dek, date, author, section, keywords and URL come from <meta> (Open Graph,
 * article:*, name=…), JSON-LD (the NewsArticle, Article or BlogPosting, at the top, in an array
 * or in @graph), <link rel=canonical>, and the page itself (<h1>, <title>, <time datetime>,
 * class="author").
 *
 * The page's main image, its featured photo: og:image (with og:image:alt), else the first
 * <figure>'s <img> (with its alt and the figure's <figcaption>), in the article's container
 * first, then anywhere but the parts left out; the first of them that is a file saved with the
 * page (a relative path, as "Save page as…" writes them), found from the page's own folder.
 * Addresses on the web are not fetched: the article comes without its photo, and says why.
 */
#include "import/import.h"
#include "base/mem.h"
#include "base/u64map.h"
#include "base/utf8.h"

#include <errno.h>
#include <gumbo.h>
#include <iconv.h>
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum {
    MAX_DEPTH = 256, /* elements nested deeper are not read */
    MAX_TOPICS = 12, /* keywords kept */
    MAX_TOPIC_BYTES = 200,
    MIN_UNIT_CHARS = 25, /* a paragraph shorter than this does not score its container */
    MAX_BYLINE_CHARS = 60,
    MAX_DETAIL_CHARS = 200, /* a byline, dateline or tag list is shorter */
    MAX_LD_DEPTH = 8,
};

/* Text. */

/* Appends the n bytes of UTF-8 text at s to b with white space (NBSP and the Unicode spaces too)
 * collapsed to one space, none at the start of b, and C0 controls read as spaces. Returns the
 * number of code points other than spaces; their commas (, and ،) are added to *commas. With b
 * NULL, only counts. */
static size_t put_text(struct buf *b, const char *s, size_t n, size_t *commas)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t chars = 0;
    for (size_t i = 0; i < n;) {
        unsigned c = u[i];
        size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        if (len > n - i)
            len = n - i;
        int kind = 0; /* 0: a character, 1: a space, 2: dropped */
        if (c <= 0x20 || c == 0x7F)
            kind = 1;
        else if (len == 2 && c == 0xC2 && u[i + 1] == 0xA0)
            kind = 1; /* U+00A0 */
        else if (len == 3 && c == 0xE2 && u[i + 1] == 0x80 &&
                 (u[i + 2] <= 0x8A || u[i + 2] == 0xA8 || u[i + 2] == 0xA9 || u[i + 2] == 0xAF))
            kind = 1; /* U+2000..U+200A, U+2028, U+2029, U+202F */
        else if (len == 3 && ((c == 0xE2 && u[i + 1] == 0x81 && u[i + 2] == 0x9F) ||
                              (c == 0xE3 && u[i + 1] == 0x80 && u[i + 2] == 0x80)))
            kind = 1; /* U+205F, U+3000 */
        else if (len == 3 && ((c == 0xE2 && u[i + 1] == 0x80 && u[i + 2] == 0x8B) ||
                              (c == 0xEF && u[i + 1] == 0xBB && u[i + 2] == 0xBF)))
            kind = 2; /* U+200B, U+FEFF */
        if (kind == 1) {
            if (b && b->len && b->p[b->len - 1] != ' ')
                buf_putc(b, ' ');
        } else if (kind == 0) {
            if (b)
                buf_append(b, u + i, len);
            chars++;
            if (c == ',' || (len == 2 && c == 0xD8 && u[i + 1] == 0x8C))
                (*commas)++;
        }
        i += len;
    }
    return chars;
}

static void trim_end(struct buf *b)
{
    while (b->len && b->p[b->len - 1] == ' ')
        b->p[--b->len] = 0;
}

/* A copy of the n bytes at s with white space collapsed and trimmed, or NULL when nothing is
 * left. */
static char *clean(const char *s, size_t n)
{
    struct buf b = BUF_INIT;
    size_t commas = 0;
    put_text(&b, s, n, &commas);
    trim_end(&b);
    if (b.len == 0) {
        buf_free(&b);
        return NULL;
    }
    return buf_detach(&b, NULL);
}

static char *clean_str(const char *s)
{
    return s ? clean(s, strlen(s)) : NULL;
}

static bool is_url(const char *s)
{
    return s && (strncasecmp(s, "http://", 7) == 0 || strncasecmp(s, "https://", 8) == 0);
}

/* Decodes the next code point of the NUL-terminated UTF-8 at *p (valid) and moves past it. */
static unsigned next_cp(const char **p)
{
    const unsigned char *u = (const unsigned char *)*p;
    unsigned c = u[0];
    if (c < 0x80) {
        *p += 1;
        return c;
    }
    if (c < 0xE0 && u[1]) {
        *p += 2;
        return (c & 0x1F) << 6 | (u[1] & 0x3F);
    }
    if (c < 0xF0 && u[1] && u[2]) {
        *p += 3;
        return (c & 0x0F) << 12 | (u[1] & 0x3F) << 6 | (u[2] & 0x3F);
    }
    if (u[1] && u[2] && u[3]) {
        *p += 4;
        return (c & 0x07) << 18 | (u[1] & 0x3F) << 12 | (u[2] & 0x3F) << 6 | (u[3] & 0x3F);
    }
    *p += 1;
    return 0xFFFD;
}

static void put_cp(struct buf *b, unsigned c)
{
    char s[4];
    size_t n;
    if (c < 0x80) {
        s[0] = (char)c;
        n = 1;
    } else if (c < 0x800) {
        s[0] = (char)(0xC0 | c >> 6);
        s[1] = (char)(0x80 | (c & 0x3F));
        n = 2;
    } else if (c < 0x10000) {
        s[0] = (char)(0xE0 | c >> 12);
        s[1] = (char)(0x80 | (c >> 6 & 0x3F));
        s[2] = (char)(0x80 | (c & 0x3F));
        n = 3;
    } else {
        s[0] = (char)(0xF0 | c >> 18);
        s[1] = (char)(0x80 | (c >> 12 & 0x3F));
        s[2] = (char)(0x80 | (c >> 6 & 0x3F));
        s[3] = (char)(0x80 | (c & 0x3F));
        n = 4;
    }
    buf_append(b, s, n);
}

/* The text s folded for comparison with the boilerplate lists: tashkeel and tatweel dropped,
 * alef forms made plain alef, alef maqsura ya, Latin lowercased. */
static void fold(struct buf *out, const char *s)
{
    while (*s) {
        unsigned c = next_cp(&s);
        if ((c >= 0x064B && c <= 0x065F) || c == 0x0670 || c == 0x0640)
            continue;
        if (c == 0x0622 || c == 0x0623 || c == 0x0625 || c == 0x0671)
            c = 0x0627;
        else if (c == 0x0649)
            c = 0x064A;
        else if (c >= 'A' && c <= 'Z')
            c += 'a' - 'A';
        put_cp(out, c);
    }
}

static size_t count_words(const char *s)
{
    size_t n = 0;
    for (bool in = false; *s; s++) {
        if (*s == ' ')
            in = false;
        else if (!in) {
            in = true;
            n++;
        }
    }
    return n;
}

/* True when the folded text f starts with the words w followed by the end, a space or
 * punctuation. */
static bool starts_with_words(const char *f, const char *w)
{
    size_t n = strlen(w);
    return strncmp(f, w, n) == 0 &&
           (f[n] == 0 || strchr(" :-.!|", f[n]) || strncmp(f + n, "،", strlen("،")) == 0);
}

/* Lines that are the page's chrome rather than the article's text, folded as fold() does.
 * Their starts: */
static const char *const read_also[] = {
    "اقرا ايضا",     "اقرا كذلك", "اقرا المزيد", "طالع ايضا", "شاهد ايضا", "مواضيع ذات صلة",
    "اخبار ذات صلة", "read also", "read more",   "see also",  "related:",
};
/* The whole words they start with, in a line of twelve words at most. Verbs that are news too
 * ("اشترك" took part, "انضم" joined, "شارك" took part) only with what makes them a prompt. */
static const char *const prompts[] = {
    "تابعونا",           "تابعنا على",      "تابعنا عبر",        "تابعوا اخر",
    "تابعوا اخبار",      "تابعوا قناتنا",   "تابعوا صفحتنا",     "تابعوا حسابنا",
    "اشترك الان",        "اشترك في النشرة", "اشترك في نشرتنا",   "اشترك في قناتنا",
    "اشترك في القناة",   "اشترك بالنشرة",   "اشترك مجانا",       "اشتركوا في قناتنا",
    "اشتركوا في النشرة", "انضم الى قناتنا", "انضم لقناتنا",      "انضم الينا",
    "انضموا الى قناتنا", "انضموا لقناتنا",  "انضموا الينا",      "حمل تطبيق",
    "حملوا تطبيق",       "لمتابعة اخر",     "للمزيد من الاخبار", "شارك المقال",
    "شارك الخبر",        "شارك الموضوع",    "شارك الصفحة",       "شارك الرابط",
    "شارك المنشور",      "شارك هذا الخبر",  "شارك هذا المقال",   "شارك هذا الموضوع",
    "شارك هذا المنشور",  "شارك هذه الصفحة", "شارك هذه المقالة",  "شارك عبر",
    "شارك على فيسبوك",   "شارك على تويتر",  "شارك على واتساب",   "شارك مع اصدقائك",
    "شارك برايك",        "شارك رايك",       "شاركنا رايك",       "شارك الان",
    "follow us",         "subscribe to",    "subscribe now",     "share this",
    "share on",          "join our",
};
static const char *const social_words[] = {
    "شارك",      "مشاركة",  "طباعة",   "ارسال",    "ارسل",       "فيسبوك",   "فيس",      "بوك",
    "تويتر",     "واتساب",  "واتس",    "اب",       "تيليجرام",   "تلغرام",   "تليجرام",  "انستغرام",
    "انستجرام",  "يوتيوب",  "لينكدان", "البريد",   "الالكتروني", "نسخ",      "الرابط",   "share",
    "print",     "tweet",   "email",   "facebook", "twitter",    "whatsapp", "telegram", "linkedin",
    "instagram", "youtube", "x",       "|",        "-",          "/",        "·",        "•",
};

static bool in_words(const char *w, size_t n, const char *const *list, size_t count)
{
    for (size_t i = 0; i < count; i++)
        if (strlen(list[i]) == n && memcmp(list[i], w, n) == 0)
            return true;
    return false;
}

/* True when the paragraph s (collapsed, trimmed) is a share or follow prompt, a "read also"
 * line or a copyright line. */
static bool is_boilerplate(const char *s, size_t len)
{
    struct buf f = BUF_INIT;
    fold(&f, s);
    const char *t = buf_str(&f);
    size_t words = count_words(t);
    bool hit = false;
    for (size_t i = 0; !hit && i < ARRAY_LEN(read_also); i++)
        hit = len < 400 && strncmp(t, read_also[i], strlen(read_also[i])) == 0;
    for (size_t i = 0; !hit && words <= 12 && i < ARRAY_LEN(prompts); i++)
        hit = starts_with_words(t, prompts[i]);
    if (!hit && len < 300)
        hit = strstr(t, "©") || strstr(t, "جميع الحقوق محفوظة") || strstr(t, "الحقوق محفوظة ل") ||
              strstr(t, "all rights reserved");
    if (!hit && words <= 8) {
        /* Nothing but the names of networks and buttons. */
        hit = true;
        for (const char *w = t; *w && hit;) {
            size_t n = strcspn(w, " ");
            hit = in_words(w, n, social_words, ARRAY_LEN(social_words));
            w += n;
            while (*w == ' ')
                w++;
        }
    }
    buf_free(&f);
    return hit;
}

/* Elements. */

static bool is_el(const GumboNode *n)
{
    return n->type == GUMBO_NODE_ELEMENT;
}

static GumboTag tag_of(const GumboNode *n)
{
    if (n->type != GUMBO_NODE_ELEMENT)
        return GUMBO_TAG_UNKNOWN;
    if (n->v.element.tag_namespace != GUMBO_NAMESPACE_HTML)
        return n->v.element.tag == GUMBO_TAG_SVG || n->v.element.tag == GUMBO_TAG_MATH
                   ? n->v.element.tag
                   : GUMBO_TAG_UNKNOWN;
    return n->v.element.tag;
}

static const char *attr(const GumboNode *n, const char *name)
{
    if (n->type != GUMBO_NODE_ELEMENT)
        return NULL;
    GumboAttribute *a = gumbo_get_attribute(&n->v.element.attributes, name);
    return a ? a->value : NULL;
}

/* True when the space-separated list s holds word w (ASCII case ignored). */
static bool has_word(const char *s, const char *w)
{
    size_t n = strlen(w);
    while (s && *s) {
        s += strspn(s, " \t\n\r\f");
        size_t k = strcspn(s, " \t\n\r\f");
        if (k == n && strncasecmp(s, w, n) == 0)
            return true;
        s += k;
    }
    return false;
}

static const GumboVector *children(const GumboNode *n)
{
    if (n->type == GUMBO_NODE_ELEMENT || n->type == GUMBO_NODE_TEMPLATE)
        return &n->v.element.children;
    if (n->type == GUMBO_NODE_DOCUMENT)
        return &n->v.document.children;
    return NULL;
}

/* Elements whose text is never the article's. */
static bool never_text(GumboTag t)
{
    switch (t) {
    case GUMBO_TAG_HEAD:
    case GUMBO_TAG_TITLE:
    case GUMBO_TAG_SCRIPT:
    case GUMBO_TAG_STYLE:
    case GUMBO_TAG_NOSCRIPT:
    case GUMBO_TAG_TEMPLATE:
    case GUMBO_TAG_NAV:
    case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_HEADER:
    case GUMBO_TAG_MENU:
    case GUMBO_TAG_SVG:
    case GUMBO_TAG_MATH:
    case GUMBO_TAG_IFRAME:
    case GUMBO_TAG_FRAME:
    case GUMBO_TAG_FRAMESET:
    case GUMBO_TAG_NOFRAMES:
    case GUMBO_TAG_NOEMBED:
    case GUMBO_TAG_OBJECT:
    case GUMBO_TAG_EMBED:
    case GUMBO_TAG_APPLET:
    case GUMBO_TAG_VIDEO:
    case GUMBO_TAG_AUDIO:
    case GUMBO_TAG_CANVAS:
    case GUMBO_TAG_MAP:
    case GUMBO_TAG_IMG:
    case GUMBO_TAG_IMAGE:
    case GUMBO_TAG_INPUT:
    case GUMBO_TAG_BUTTON:
    case GUMBO_TAG_SELECT:
    case GUMBO_TAG_OPTION:
    case GUMBO_TAG_OPTGROUP:
    case GUMBO_TAG_DATALIST:
    case GUMBO_TAG_TEXTAREA:
    case GUMBO_TAG_KEYGEN:
    case GUMBO_TAG_OUTPUT:
    case GUMBO_TAG_PROGRESS:
    case GUMBO_TAG_METER:
    case GUMBO_TAG_LABEL:
    case GUMBO_TAG_META:
    case GUMBO_TAG_LINK:
    case GUMBO_TAG_BASE:
    case GUMBO_TAG_PARAM:
    case GUMBO_TAG_SOURCE:
    case GUMBO_TAG_TRACK: return true;
    default: return false;
    }
}

/* Elements that end a run of text (a paragraph) where they start and end. */
static bool is_block(GumboTag t)
{
    switch (t) {
    case GUMBO_TAG_HTML:
    case GUMBO_TAG_BODY:
    case GUMBO_TAG_ADDRESS:
    case GUMBO_TAG_ARTICLE:
    case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_CENTER:
    case GUMBO_TAG_DD:
    case GUMBO_TAG_DETAILS:
    case GUMBO_TAG_DIR:
    case GUMBO_TAG_DIV:
    case GUMBO_TAG_DL:
    case GUMBO_TAG_DT:
    case GUMBO_TAG_FIELDSET:
    case GUMBO_TAG_FIGCAPTION:
    case GUMBO_TAG_FIGURE:
    case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_FORM:
    case GUMBO_TAG_H1:
    case GUMBO_TAG_H2:
    case GUMBO_TAG_H3:
    case GUMBO_TAG_H4:
    case GUMBO_TAG_H5:
    case GUMBO_TAG_H6:
    case GUMBO_TAG_HEADER:
    case GUMBO_TAG_HGROUP:
    case GUMBO_TAG_HR:
    case GUMBO_TAG_LEGEND:
    case GUMBO_TAG_LI:
    case GUMBO_TAG_LISTING:
    case GUMBO_TAG_MAIN:
    case GUMBO_TAG_MENU:
    case GUMBO_TAG_NAV:
    case GUMBO_TAG_OL:
    case GUMBO_TAG_P:
    case GUMBO_TAG_PLAINTEXT:
    case GUMBO_TAG_PRE:
    case GUMBO_TAG_SECTION:
    case GUMBO_TAG_SUMMARY:
    case GUMBO_TAG_TABLE:
    case GUMBO_TAG_CAPTION:
    case GUMBO_TAG_THEAD:
    case GUMBO_TAG_TBODY:
    case GUMBO_TAG_TFOOT:
    case GUMBO_TAG_TR:
    case GUMBO_TAG_TD:
    case GUMBO_TAG_TH:
    case GUMBO_TAG_UL:
    case GUMBO_TAG_XMP: return true;
    default: return false;
    }
}

/* Containers that can hold the article. */
static bool is_candidate(GumboTag t)
{
    return t == GUMBO_TAG_DIV || t == GUMBO_TAG_ARTICLE || t == GUMBO_TAG_SECTION ||
           t == GUMBO_TAG_MAIN || t == GUMBO_TAG_TD;
}

/* What the words of an element's class and id say of it. */
enum {
    CLS_POS = 1,     /* article, content, entry, post, story, ... */
    CLS_NEG = 2,     /* comment, sidebar, share, related, ads, ...: never the article */
    CLS_WEAK = 4,    /* header, tags, meta, ...: not the article unless also CLS_POS */
    CLS_BYLINE = 8,  /* author, byline */
    CLS_DETAIL = 16, /* date, time, meta, tags, caption: the article's details, not its text */
};

static const struct {
    const char *w;
    unsigned char prefix; /* matches words starting with w too */
    unsigned char flags;
} class_words[] = {
    {"article", 1, CLS_POS},
    {"content", 1, CLS_POS},
    {"entry", 0, CLS_POS},
    {"hentry", 0, CLS_POS},
    {"post", 0, CLS_POS},
    {"postbody", 0, CLS_POS},
    {"story", 1, CLS_POS},
    {"news", 0, CLS_POS},
    {"details", 0, CLS_POS},
    {"detail", 0, CLS_POS},
    {"single", 0, CLS_POS},
    {"main", 0, CLS_POS},
    {"comment", 1, CLS_NEG},
    {"disqus", 1, CLS_NEG},
    {"respond", 0, CLS_NEG},
    {"reply", 0, CLS_NEG},
    {"replies", 0, CLS_NEG},
    {"sidebar", 1, CLS_NEG},
    {"widget", 1, CLS_NEG},
    {"share", 1, CLS_NEG},
    {"sharing", 0, CLS_NEG},
    {"social", 1, CLS_NEG},
    {"related", 1, CLS_NEG},
    {"ad", 0, CLS_NEG},
    {"ads", 0, CLS_NEG},
    {"adsbygoogle", 0, CLS_NEG},
    {"advert", 1, CLS_NEG},
    {"sponsor", 1, CLS_NEG},
    {"newsletter", 1, CLS_NEG},
    {"subscribe", 1, CLS_NEG},
    {"outbrain", 1, CLS_NEG},
    {"taboola", 1, CLS_NEG},
    {"popular", 0, CLS_NEG},
    {"trending", 0, CLS_NEG},
    {"most", 0, CLS_NEG},
    {"mostread", 0, CLS_NEG},
    {"breadcrumb", 1, CLS_NEG},
    {"cookie", 1, CLS_NEG},
    {"popup", 1, CLS_NEG},
    {"modal", 0, CLS_NEG},
    {"footer", 1, CLS_NEG},
    {"masthead", 0, CLS_NEG},
    {"nav", 1, CLS_NEG},
    {"menu", 1, CLS_NEG},
    {"pagination", 0, CLS_NEG},
    {"pager", 0, CLS_NEG},
    {"header", 1, CLS_WEAK},
    {"banner", 0, CLS_WEAK},
    {"promo", 1, CLS_WEAK},
    {"tools", 0, CLS_WEAK},
    {"toolbar", 0, CLS_WEAK},
    {"print", 0, CLS_WEAK},
    {"latest", 0, CLS_WEAK},
    {"tags", 0, CLS_WEAK | CLS_DETAIL},
    {"tag", 0, CLS_WEAK | CLS_DETAIL},
    {"keywords", 0, CLS_WEAK | CLS_DETAIL},
    {"meta", 0, CLS_WEAK | CLS_DETAIL},
    {"author", 1, CLS_BYLINE | CLS_DETAIL},
    {"auther", 0, CLS_BYLINE | CLS_DETAIL},
    {"byline", 0, CLS_BYLINE | CLS_DETAIL},
    {"writer", 0, CLS_BYLINE | CLS_DETAIL},
    {"reporter", 0, CLS_BYLINE | CLS_DETAIL},
    {"date", 0, CLS_DETAIL},
    {"time", 0, CLS_DETAIL},
    {"caption", 0, CLS_DETAIL},
    {"info", 0, CLS_DETAIL},
};

/* The flags of one word of a class name; "text" and "body" count only as a whole name (not
 * "text-center", "card-body"); a negative word after has/with/no ("has-sidebar") does not. */
static unsigned word_flags(const char *w, size_t n, bool alone, const char *prev, size_t prevn)
{
    if (alone && ((n == 4 && memcmp(w, "text", 4) == 0) || (n == 4 && memcmp(w, "body", 4) == 0)))
        return CLS_POS;
    for (size_t i = 0; i < ARRAY_LEN(class_words); i++) {
        size_t k = strlen(class_words[i].w);
        if (n < k || (n > k && !class_words[i].prefix) || memcmp(w, class_words[i].w, k) != 0)
            continue;
        unsigned f = class_words[i].flags;
        if ((f & CLS_NEG) && prev &&
            ((prevn == 3 && memcmp(prev, "has", 3) == 0) ||
             (prevn == 4 && memcmp(prev, "with", 4) == 0) ||
             (prevn == 2 && memcmp(prev, "no", 2) == 0) ||
             (prevn == 7 && memcmp(prev, "without", 7) == 0)))
            return 0;
        return f;
    }
    return 0;
}

static unsigned words_flags(const char *s)
{
    unsigned flags = 0;
    char w[64];
    while (s && *s) {
        /* One class name; its words are separated by - and _ (and anything not a letter). */
        s += strspn(s, " \t\n\r\f");
        size_t name = strcspn(s, " \t\n\r\f");
        const char *end = s + name, *prev = NULL;
        size_t prevn = 0;
        char prevw[64];
        while (s < end) {
            size_t n = 0;
            while (s < end && !((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
                                (*s >= '0' && *s <= '9')))
                s++;
            const char *start = s;
            while (s < end && ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
                               (*s >= '0' && *s <= '9'))) {
                if (n < sizeof w)
                    w[n++] = (char)(*s >= 'A' && *s <= 'Z' ? *s + ('a' - 'A') : *s);
                s++;
            }
            if (n == 0 || n == sizeof w)
                continue;
            bool alone = start == end - name && s == end;
            flags |= word_flags(w, n, alone, prev, prevn);
            memcpy(prevw, w, n);
            prev = prevw;
            prevn = n;
        }
    }
    return flags;
}

static unsigned class_flags(const GumboNode *n)
{
    unsigned f = words_flags(attr(n, "class")) | words_flags(attr(n, "id"));
    const char *role = attr(n, "role");
    if (role && (has_word(role, "navigation") || has_word(role, "complementary") ||
                 has_word(role, "contentinfo") || has_word(role, "banner") ||
                 has_word(role, "menu") || has_word(role, "search")))
        f |= CLS_NEG;
    if (role && (has_word(role, "main") || has_word(role, "article")))
        f |= CLS_POS;
    if (has_word(attr(n, "itemprop"), "articleBody"))
        f |= CLS_POS;
    if (has_word(attr(n, "itemprop"), "author"))
        f |= CLS_BYLINE;
    return f;
}

static bool is_hidden(const GumboNode *n)
{
    if (attr(n, "hidden"))
        return true;
    const char *style = attr(n, "style");
    if (!style)
        return false;
    char squeezed[256];
    size_t k = 0;
    for (const char *p = style; *p && k + 1 < sizeof squeezed; p++)
        if (*p != ' ' && *p != '\t' && *p != '\n')
            squeezed[k++] = (char)(*p >= 'A' && *p <= 'Z' ? *p + ('a' - 'A') : *p);
    squeezed[k] = 0;
    return strstr(squeezed, "display:none") || strstr(squeezed, "visibility:hidden");
}

/* The page being read. */
struct doc {
    const GumboNode *body;
    size_t page_chars; /* code points of text in the body, outside the never_text elements */
};

/* Adds the text of the subtree at n to *chars (code points other than spaces), and what of it
 * is inside links to *links. */
static void count_text(const GumboNode *n, int depth, bool in_link, size_t *chars, size_t *links)
{
    if (depth > MAX_DEPTH)
        return;
    if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_CDATA) {
        size_t commas = 0, c = put_text(NULL, n->v.text.text, strlen(n->v.text.text), &commas);
        *chars += c;
        *links += in_link ? c : 0;
        return;
    }
    if (!is_el(n) || never_text(tag_of(n)) || is_hidden(n))
        return;
    const GumboVector *ch = children(n);
    for (unsigned i = 0; i < ch->length; i++)
        count_text(ch->data[i], depth + 1, in_link || tag_of(n) == GUMBO_TAG_A, chars, links);
}

/* Elements left out wherever the article's text is looked for: the never_text ones, hidden
 * ones, and those whose class or id says they are not the article, unless they hold most of
 * the page (then the words describe a layout: "sidebar-right" on the page's wrapper). */
static bool skipped(const struct doc *d, const GumboNode *n, int depth)
{
    GumboTag t = tag_of(n);
    if (never_text(t) || is_hidden(n))
        return true;
    if (t == GUMBO_TAG_BODY || t == GUMBO_TAG_HTML)
        return false;
    unsigned f = class_flags(n);
    if (!(f & CLS_NEG) && !((f & CLS_WEAK) && !(f & CLS_POS)))
        return false;
    size_t chars = 0, links = 0;
    count_text(n, depth, false, &chars, &links);
    return chars * 2 <= d->page_chars;
}

/* Plain text of the subtree at n: blocks and <br> separate words. */
static void get_text(struct buf *b, const GumboNode *n, int depth)
{
    if (depth > MAX_DEPTH)
        return;
    size_t commas = 0;
    if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_WHITESPACE ||
        n->type == GUMBO_NODE_CDATA) {
        put_text(b, n->v.text.text, strlen(n->v.text.text), &commas);
        return;
    }
    if (!is_el(n) || never_text(tag_of(n)) || is_hidden(n))
        return;
    GumboTag t = tag_of(n);
    if (t == GUMBO_TAG_BR || is_block(t))
        put_text(b, " ", 1, &commas);
    const GumboVector *ch = children(n);
    for (unsigned i = 0; i < ch->length; i++)
        get_text(b, ch->data[i], depth + 1);
    if (is_block(t))
        put_text(b, " ", 1, &commas);
}

static char *text_of(const GumboNode *n)
{
    struct buf b = BUF_INIT;
    get_text(&b, n, 0);
    char *s = clean(buf_str(&b), b.len);
    buf_free(&b);
    return s;
}

static int depth_of(const GumboNode *n)
{
    int d = 0;
    for (; n->parent; n = n->parent)
        d++;
    return d;
}

/* Scoring. */

struct stats {
    size_t chars, links, commas;
};

struct cand {
    const GumboNode *node;
    double score;  /* from the paragraphs in and under it */
    double weight; /* from its tag, class and id */
    size_t chars, links;
    bool negative; /* its class or id says it is not the article (it holds most of the page) */
};

struct scan {
    const struct doc *d;
    struct cand *c;
    size_t nc, capc;
    struct u64map map; /* node -> 1 + its index in c */
};

static struct cand *cand_of(const struct scan *sc, const GumboNode *n)
{
    int64_t *i = u64map_get(&sc->map, (uint64_t)(uintptr_t)n);
    return i ? &sc->c[*i - 1] : NULL;
}

static double final_score(const struct cand *c)
{
    double density = c->chars ? (double)c->links / (double)c->chars : 0;
    return (c->score + c->weight) * (1 - density);
}

static size_t new_cand(struct scan *sc, const GumboNode *n)
{
    if (sc->nc == sc->capc) {
        sc->capc = sc->capc ? 2 * sc->capc : 64;
        sc->c = xrealloc(sc->c, sc->capc * sizeof *sc->c);
    }
    GumboTag t = tag_of(n);
    unsigned f = class_flags(n);
    double weight = t == GUMBO_TAG_ARTICLE ? 10 : t == GUMBO_TAG_DIV || t == GUMBO_TAG_MAIN ? 5 : 3;
    if (f & CLS_POS)
        weight += 25;
    if ((f & CLS_NEG) || ((f & CLS_WEAK) && !(f & CLS_POS)))
        weight -= 25;
    if (has_word(attr(n, "itemprop"), "articleBody"))
        weight += 50;
    sc->c[sc->nc] = (struct cand){n, 0, weight, 0, 0, (f & CLS_NEG) != 0};
    *u64map_put(&sc->map, (uint64_t)(uintptr_t)n) = (int64_t)++sc->nc;
    return sc->nc;
}

static bool has_block_child(const GumboNode *n)
{
    const GumboVector *ch = children(n);
    for (unsigned i = 0; i < ch->length; i++)
        if (is_block(tag_of(ch->data[i])))
            return true;
    return false;
}

/* A run of text (a paragraph) of the block element owner ends: it scores the containers above
 * it. The runs of a <p> (<pre>, <blockquote>, or a container with no blocks in it) score its
 * parent fully, the grandparent half and the next a sixth; runs written straight into a
 * container among other blocks (or into a <td>) score the container itself so. */
static void end_run(struct scan *sc, struct stats *run, const GumboNode *owner)
{
    struct stats r = *run;
    *run = (struct stats){0, 0, 0};
    if (r.chars < MIN_UNIT_CHARS || !owner)
        return;
    GumboTag t = tag_of(owner);
    const GumboNode *at;
    if (t == GUMBO_TAG_TD || (is_candidate(t) && has_block_child(owner)))
        at = owner;
    else if (is_candidate(t) || t == GUMBO_TAG_P || t == GUMBO_TAG_PRE || t == GUMBO_TAG_BLOCKQUOTE)
        at = owner->parent;
    else
        return;
    double score = 1 + (double)r.commas + (double)(r.chars / 100 < 3 ? r.chars / 100 : 3);
    for (int level = 0; at && level < 3; level++, at = at->parent) {
        struct cand *c = cand_of(sc, at);
        if (c)
            c->score += score / (level == 0 ? 1 : level == 1 ? 2 : 6);
    }
}

/* Reads the subtree at n: makes an entry for each container (with the text under it, and how
 * much of that is in links) and scores them with the runs of text. run is the current run of
 * owner, the nearest block above. */
static struct stats measure(struct scan *sc, const GumboNode *n, int depth, bool in_link,
                            struct stats *run, const GumboNode *owner)
{
    struct stats total = {0, 0, 0};
    if (depth > MAX_DEPTH)
        return total;
    if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_CDATA) {
        total.chars = put_text(NULL, n->v.text.text, strlen(n->v.text.text), &total.commas);
        total.links = in_link ? total.chars : 0;
        run->chars += total.chars;
        run->links += total.links;
        run->commas += total.commas;
        return total;
    }
    if (!is_el(n) || skipped(sc->d, n, depth))
        return total;
    GumboTag t = tag_of(n);
    if (t == GUMBO_TAG_BR) {
        end_run(sc, run, owner);
        return total;
    }
    size_t at = is_candidate(t) ? new_cand(sc, n) : 0;
    bool block = is_block(t);
    struct stats own = {0, 0, 0};
    if (block)
        end_run(sc, run, owner);
    const GumboVector *ch = children(n);
    for (unsigned i = 0; i < ch->length; i++) {
        struct stats s = measure(sc, ch->data[i], depth + 1, in_link || t == GUMBO_TAG_A,
                                 block ? &own : run, block ? n : owner);
        total.chars += s.chars;
        total.links += s.links;
        total.commas += s.commas;
    }
    if (block)
        end_run(sc, &own, n);
    if (at) {
        sc->c[at - 1].chars = total.chars;
        sc->c[at - 1].links = total.links;
    }
    return total;
}

/* Extraction. */

struct out {
    const struct doc *d;
    struct buf body, para;
    size_t chars, links, times, commas; /* of para: all, in links, in <time> */
};

enum { IN_LINK = 1, IN_TIME = 2 };

/* The paragraph gathered ends: it goes to the body unless it is mostly links, only a <time>
 * (the dateline under the title), or chrome. */
static void flush(struct out *o)
{
    trim_end(&o->para);
    if (o->para.len && o->links * 2 <= o->chars && o->times < o->chars &&
        !is_boilerplate(o->para.p, o->para.len))
        import_paragraph(&o->body, o->para.p, o->para.len);
    buf_reset(&o->para);
    o->chars = o->links = o->times = o->commas = 0;
}

static bool holds_p(const GumboNode *n, int depth)
{
    const GumboVector *ch = children(n);
    for (unsigned i = 0; ch && depth < MAX_DEPTH && i < ch->length; i++)
        if (tag_of(ch->data[i]) == GUMBO_TAG_P || holds_p(ch->data[i], depth + 1))
            return true;
    return false;
}

/* Inside the article, forms, figures, the <h1> (the title) and the article's details (date,
 * byline, tags: short, and without paragraphs unless very short; the same words on paragraphs
 * are a CMS's classes, "tag-gaza") are left out too. */
static bool emit_skipped(const struct doc *d, const GumboNode *n, int depth)
{
    GumboTag t = tag_of(n);
    if (t == GUMBO_TAG_FORM || t == GUMBO_TAG_FIGURE || t == GUMBO_TAG_FIGCAPTION ||
        t == GUMBO_TAG_H1 || skipped(d, n, depth))
        return true;
    if (!(class_flags(n) & CLS_DETAIL))
        return false;
    size_t chars = 0, links = 0;
    count_text(n, depth, false, &chars, &links);
    return chars < MAX_DETAIL_CHARS / 4 || (chars < MAX_DETAIL_CHARS && !holds_p(n, depth));
}

static void emit(struct out *o, const GumboNode *n, int depth, unsigned in)
{
    if (depth > MAX_DEPTH)
        return;
    if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_WHITESPACE ||
        n->type == GUMBO_NODE_CDATA) {
        size_t c = put_text(&o->para, n->v.text.text, strlen(n->v.text.text), &o->commas);
        o->chars += c;
        o->links += in & IN_LINK ? c : 0;
        o->times += in & IN_TIME ? c : 0;
        return;
    }
    if (!is_el(n))
        return;
    GumboTag t = tag_of(n);
    bool block = is_block(t);
    if (t == GUMBO_TAG_BR || block)
        flush(o);
    if (t == GUMBO_TAG_BR || emit_skipped(o->d, n, depth))
        return;
    const GumboVector *ch = children(n);
    for (unsigned i = 0; i < ch->length; i++)
        emit(o, ch->data[i], depth + 1,
             in | (t == GUMBO_TAG_A ? IN_LINK : 0) | (t == GUMBO_TAG_TIME ? IN_TIME : 0));
    if (block)
        flush(o);
}

/* The paragraphs in a container chosen as the article's (whatever its own class says). */
static void emit_inside(struct out *o, const GumboNode *n, int depth)
{
    const GumboVector *ch = children(n);
    flush(o);
    for (unsigned i = 0; ch && i < ch->length; i++)
        emit(o, ch->data[i], depth + 1, tag_of(n) == GUMBO_TAG_A ? IN_LINK : 0);
    flush(o);
}

/* The article's text: the best container, and those of its siblings that score nearly as well
 * or are long paragraphs of their own (a body split by an ad or a photo). */
static void extract(struct out *o, const struct scan *sc, const GumboNode *best)
{
    const GumboNode *parent = best->parent;
    const struct cand *bc = cand_of(sc, best);
    int depth = depth_of(best);
    if (!bc || !parent || !children(parent)) {
        emit_inside(o, best, depth);
        return;
    }
    double top = final_score(bc), threshold = top * 0.2 > 10 ? top * 0.2 : 10;
    const GumboVector *ch = children(parent);
    for (unsigned i = 0; i < ch->length; i++) {
        const GumboNode *s = ch->data[i];
        const struct cand *c = cand_of(sc, s);
        bool take = s == best || (c && !c->negative && c->score > 0 && final_score(c) >= threshold);
        if (!take && tag_of(s) == GUMBO_TAG_P && !skipped(o->d, s, depth)) {
            size_t chars = 0, links = 0;
            count_text(s, depth, false, &chars, &links);
            take = chars >= 80 && links * 4 < chars;
        }
        if (take)
            emit_inside(o, s, depth);
    }
}

/* The page's details. */

enum {
    M_OG_TITLE,
    M_SITE,
    M_OG_DESC,
    M_DESC,
    M_OG_URL,
    M_PUBLISHED,
    M_DATE,
    M_ARTICLE_AUTHOR,
    M_AUTHOR,
    M_SECTION,
    M_NEWS_KEYWORDS,
    M_KEYWORDS,
    M_IMAGE,
    M_IMAGE_ALT,
    M_COUNT
};

/* <meta property|name=… content=…>, the first of each kept. */
static const struct {
    const char *name;
    int field;
} meta_names[] = {
    {"og:title", M_OG_TITLE},
    {"og:site_name", M_SITE},
    {"og:description", M_OG_DESC},
    {"description", M_DESC},
    {"og:url", M_OG_URL},
    {"article:published_time", M_PUBLISHED},
    {"og:article:published_time", M_PUBLISHED},
    {"article:published", M_PUBLISHED},
    {"datepublished", M_DATE},
    {"pubdate", M_DATE},
    {"publishdate", M_DATE},
    {"publish-date", M_DATE},
    {"publish_date", M_DATE},
    {"date", M_DATE},
    {"dc.date", M_DATE},
    {"dc.date.issued", M_DATE},
    {"dcterms.created", M_DATE},
    {"sailthru.date", M_DATE},
    {"parsely-pub-date", M_DATE},
    {"article:author", M_ARTICLE_AUTHOR},
    {"author", M_AUTHOR},
    {"dc.creator", M_AUTHOR},
    {"article:section", M_SECTION},
    {"news_keywords", M_NEWS_KEYWORDS},
    {"keywords", M_KEYWORDS},
    {"og:image", M_IMAGE},
    {"og:image:url", M_IMAGE},
    {"twitter:image", M_IMAGE},
    {"og:image:alt", M_IMAGE_ALT},
};

struct page {
    char *meta[M_COUNT];
    struct buf tags; /* article:tag values, comma-separated */
    char *canonical, *saved_url, *html_title;
    /* From the JSON-LD article. */
    bool ld;
    char *ld_headline, *ld_date, *ld_author, *ld_section, *ld_desc, *ld_url, *ld_site;
    struct buf ld_keywords; /* comma-separated */
};

static void page_free(struct page *pg)
{
    for (int i = 0; i < M_COUNT; i++)
        free(pg->meta[i]);
    buf_free(&pg->tags);
    free(pg->canonical);
    free(pg->saved_url);
    free(pg->html_title);
    free(pg->ld_headline);
    free(pg->ld_date);
    free(pg->ld_author);
    free(pg->ld_section);
    free(pg->ld_desc);
    free(pg->ld_url);
    free(pg->ld_site);
    buf_free(&pg->ld_keywords);
}

static void set_once(char **field, char *value)
{
    if (!*field)
        *field = value;
    else
        free(value);
}

static void read_meta(struct page *pg, const GumboNode *n)
{
    const char *content = attr(n, "content");
    const char *property = attr(n, "property"), *name = attr(n, "name");
    const char *itemprop = attr(n, "itemprop");
    if (!content)
        return;
    /* Microdata is read for the date only: other items (the publisher, a related article) have
     * names and descriptions too. */
    const char *keys[] = {property, name,
                          itemprop && strcasecmp(itemprop, "datePublished") == 0 ? itemprop : NULL};
    for (size_t k = 0; k < ARRAY_LEN(keys); k++) {
        if (!keys[k])
            continue;
        if (strcasecmp(keys[k], "article:tag") == 0) {
            if (pg->tags.len)
                buf_putc(&pg->tags, ',');
            buf_puts(&pg->tags, content);
            return;
        }
        for (size_t i = 0; i < ARRAY_LEN(meta_names); i++)
            if (strcasecmp(keys[k], meta_names[i].name) == 0) {
                set_once(&pg->meta[meta_names[i].field], clean_str(content));
                return;
            }
    }
}

/* JSON-LD. */

/* NewsArticle, Article, BlogPosting, ReportageNewsArticle, "schema:NewsArticle", ... */
static bool ld_is_article_type(const char *t)
{
    if (!t)
        return false;
    const char *slash = strrchr(t, '/'), *colon = strrchr(t, ':');
    if (slash || colon)
        t = (slash > colon ? slash : colon) + 1;
    size_t n = strlen(t);
    return (n >= 7 && strcmp(t + n - 7, "Article") == 0) ||
           (n >= 11 && strcmp(t + n - 11, "BlogPosting") == 0);
}

/* The article object in a JSON-LD value: the value itself, an element of an array, or in
 * "@graph" or "mainEntity". */
static json_t *ld_find(json_t *j, int depth)
{
    if (depth > MAX_LD_DEPTH)
        return NULL;
    if (json_is_array(j)) {
        size_t i;
        json_t *v;
        json_array_foreach(j, i, v) {
            json_t *found = ld_find(v, depth + 1);
            if (found)
                return found;
        }
        return NULL;
    }
    if (!json_is_object(j))
        return NULL;
    json_t *type = json_object_get(j, "@type");
    if (ld_is_article_type(json_string_value(type)))
        return j;
    if (json_is_array(type)) {
        size_t i;
        json_t *v;
        json_array_foreach(type, i, v)
            if (ld_is_article_type(json_string_value(v)))
                return j;
    }
    json_t *found = ld_find(json_object_get(j, "@graph"), depth + 1);
    return found ? found : ld_find(json_object_get(j, "mainEntity"), depth + 1);
}

/* A name as JSON-LD gives it: a string, an object with "name", or an array of those (the
 * first). */
static const char *ld_name(json_t *v, int depth)
{
    if (json_is_string(v))
        return json_string_value(v);
    if (json_is_object(v))
        return json_string_value(json_object_get(v, "name"));
    if (json_is_array(v) && depth < 2) {
        size_t i;
        json_t *e;
        json_array_foreach(v, i, e) {
            const char *s = ld_name(e, depth + 1);
            if (s && *s)
                return s;
        }
    }
    return NULL;
}

static const char *ld_first_string(json_t *v)
{
    if (json_is_array(v))
        v = json_array_get(v, 0);
    return json_string_value(v);
}

static void ld_add_keywords(struct buf *b, json_t *v)
{
    if (!json_is_string(v))
        return;
    if (b->len)
        buf_putc(b, ',');
    buf_puts(b, json_string_value(v));
}

/* One <script type="application/ld+json">; the first article found is kept. */
static void read_ld(struct page *pg, const char *text, size_t n)
{
    if (pg->ld)
        return;
    json_error_t e;
    json_t *root = json_loadb(text, n, JSON_DECODE_ANY, &e);
    json_t *a = ld_find(root, 0);
    if (a) {
        pg->ld = true;
        pg->ld_headline = clean_str(json_string_value(json_object_get(a, "headline")));
        pg->ld_date = clean_str(json_string_value(json_object_get(a, "datePublished")));
        pg->ld_author = clean_str(ld_name(json_object_get(a, "author"), 0));
        pg->ld_section = clean_str(ld_first_string(json_object_get(a, "articleSection")));
        pg->ld_desc = clean_str(json_string_value(json_object_get(a, "description")));
        pg->ld_site = clean_str(ld_name(json_object_get(a, "publisher"), 0));
        json_t *entity = json_object_get(a, "mainEntityOfPage");
        const char *u = json_string_value(json_object_get(a, "url"));
        if (!u)
            u = json_is_object(entity) ? json_string_value(json_object_get(entity, "@id"))
                                       : json_string_value(entity);
        pg->ld_url = clean_str(u);
        json_t *kw = json_object_get(a, "keywords");
        if (json_is_array(kw)) {
            size_t i;
            json_t *v;
            json_array_foreach(kw, i, v)
                ld_add_keywords(&pg->ld_keywords, v);
        } else {
            ld_add_keywords(&pg->ld_keywords, kw);
        }
    }
    json_decref(root);
}

/* The URL in a browser's "saved from url=(0061)https://…" comment, or SingleFile's "url: …". */
static void read_saved_from(struct page *pg, const char *c)
{
    const char *p = strstr(c, "saved from url=(");
    if (p) {
        p = strchr(p, ')');
        p = p ? p + 1 : NULL;
    } else if (strstr(c, "SingleFile") && (p = strstr(c, "url:")) != NULL) {
        p += 4;
        p += strspn(p, " \t");
    }
    if (p && is_url(p))
        set_once(&pg->saved_url, xstrndup(p, strcspn(p, " \t\r\n")));
}

/* One pass over the document for <meta>, <link rel=canonical>, <title>, JSON-LD and the
 * "saved from" comment. */
static void gather(struct page *pg, const GumboNode *n, int depth)
{
    if (depth > MAX_DEPTH)
        return;
    if (n->type == GUMBO_NODE_COMMENT) {
        if (depth <= 2)
            read_saved_from(pg, n->v.text.text);
        return;
    }
    if (n->type != GUMBO_NODE_ELEMENT && n->type != GUMBO_NODE_DOCUMENT)
        return;
    GumboTag t = tag_of(n);
    const GumboVector *ch = children(n);
    const GumboNode *first = ch->length ? ch->data[0] : NULL;
    const char *text = first && first->type == GUMBO_NODE_TEXT ? first->v.text.text : NULL;
    switch (t) {
    case GUMBO_TAG_SVG:
    case GUMBO_TAG_MATH: return;
    case GUMBO_TAG_META: read_meta(pg, n); return;
    case GUMBO_TAG_LINK:
        if (has_word(attr(n, "rel"), "canonical"))
            set_once(&pg->canonical, clean_str(attr(n, "href")));
        return;
    case GUMBO_TAG_TITLE: set_once(&pg->html_title, clean_str(text)); return;
    case GUMBO_TAG_SCRIPT: {
        const char *type = attr(n, "type");
        if (type && text && strncasecmp(type + strspn(type, " "), "application/ld+json", 19) == 0)
            read_ld(pg, text, strlen(text));
        return;
    }
    default: break;
    }
    for (unsigned i = 0; i < ch->length; i++)
        gather(pg, ch->data[i], depth + 1);
}

/* Finding things on the page. */

enum { FIND_H1, FIND_TIME, FIND_BYLINE };

struct find {
    const struct doc *d;
    int what;
    char *text; /* the heading's text, the datetime, or the byline's name */
};

/* The name in a byline: "بقلم: فلان" -> "فلان". NULL when it does not look like a name. */
static char *byline_name(const GumboNode *n)
{
    static const char *const prefixes[] = {
        "بقلم",  "كتب",    "كتبت",   "كتبه", "إعداد", "اعداد",
        "تقرير", "الكاتب", "المحرر", "By",   "by",    "BY",
    };
    char *t = text_of(n);
    if (!t)
        return NULL;
    const char *s = t;
    for (size_t i = 0; i < ARRAY_LEN(prefixes); i++) {
        size_t k = strlen(prefixes[i]);
        if (strncmp(s, prefixes[i], k) == 0 && s[k] && strchr(" :-|/", s[k])) {
            s += k;
            break;
        }
    }
    s += strspn(s, " :-|/");
    char *name = clean_str(s);
    free(t);
    if (name && (utf8_length(name, strlen(name)) > MAX_BYLINE_CHARS || count_words(name) > 8 ||
                 is_url(name))) {
        free(name);
        name = NULL;
    }
    return name;
}

/* Looks for f->what in the subtree at n, in document order. strict: <header> left out. */
static bool find_in(struct find *f, const GumboNode *n, int depth, bool strict)
{
    if (depth > MAX_DEPTH || !is_el(n))
        return false;
    GumboTag t = tag_of(n);
    if (t == GUMBO_TAG_HEADER) {
        if (strict || (class_flags(n) & CLS_NEG) || is_hidden(n))
            return false;
    } else if (skipped(f->d, n, depth)) {
        return false;
    }
    if (f->what == FIND_H1 && t == GUMBO_TAG_H1) {
        size_t chars = 0, links = 0;
        count_text(n, depth, false, &chars, &links);
        if (links * 2 <= chars && (f->text = text_of(n)) != NULL)
            return true;
    }
    if (f->what == FIND_TIME) {
        const char *dt = t == GUMBO_TAG_TIME ? attr(n, "datetime") : NULL;
        if (!dt && has_word(attr(n, "itemprop"), "datePublished"))
            dt = attr(n, "datetime") ? attr(n, "datetime") : attr(n, "content");
        if (dt && import_date(dt)) {
            f->text = xstrdup(dt);
            return true;
        }
    }
    if (f->what == FIND_BYLINE &&
        ((class_flags(n) & CLS_BYLINE) || has_word(attr(n, "rel"), "author")) &&
        (f->text = byline_name(n)) != NULL)
        return true;
    const GumboVector *ch = children(n);
    for (unsigned i = 0; i < ch->length; i++)
        if (find_in(f, ch->data[i], depth + 1, strict))
            return true;
    return false;
}

/* Looks for what in the article (the nearest <article> around the text, else two levels above
 * it; its header included), then, if whole_page, in the whole body but its headers. Returns the
 * text found (the caller frees it), or NULL. */
static char *find_near(const struct doc *d, int what, const GumboNode *best, bool whole_page)
{
    struct find f = {d, what, NULL};
    const GumboNode *region = NULL;
    for (const GumboNode *a = best; a && a != d->body; a = a->parent)
        if (tag_of(a) == GUMBO_TAG_ARTICLE) {
            region = a;
            break;
        }
    if (!region && best) {
        region = best;
        for (int i = 0; i < 2 && region->parent && region->parent != d->body &&
                        region->parent->type == GUMBO_NODE_ELEMENT;
             i++)
            region = region->parent;
    }
    if (region && find_in(&f, region, depth_of(region), false))
        return f.text;
    if (whole_page && find_in(&f, d->body, depth_of(d->body), true))
        return f.text;
    return NULL;
}

/* title without a " | Site" suffix or a "Site | " prefix, when site is the site's name. */
static void strip_site(char *title, const char *site)
{
    static const char *const seps[] = {" | ", " - ", " – ", " — ", " :: ", " « ", " » "};
    if (!title || !site)
        return;
    size_t tn = strlen(title), sn = strlen(site);
    for (size_t i = 0; i < ARRAY_LEN(seps); i++) {
        size_t k = strlen(seps[i]);
        if (tn <= sn + k)
            continue;
        if (strcasecmp(title + tn - sn, site) == 0 &&
            memcmp(title + tn - sn - k, seps[i], k) == 0) {
            title[tn - sn - k] = 0;
            return;
        }
        if (strncasecmp(title, site, sn) == 0 && memcmp(title + sn, seps[i], k) == 0) {
            memmove(title, title + sn + k, tn - sn - k + 1);
            return;
        }
    }
}

/* Adds the topics in list (separated by commas, Latin or Arabic), up to MAX_TOPICS, without
 * repeats. */
static void add_topics(char **topics, size_t *ntopics, const char *list)
{
    for (const char *p = list; p && *p && *ntopics < MAX_TOPICS;) {
        const char *e = p;
        while (*e && *e != ',' && !(e[0] == '\xD8' && e[1] == '\x8C'))
            e++;
        char *t = (size_t)(e - p) <= MAX_TOPIC_BYTES ? clean(p, (size_t)(e - p)) : NULL;
        for (size_t i = 0; t && i < *ntopics; i++)
            if (strcmp(topics[i], t) == 0) {
                free(t);
                t = NULL;
            }
        if (t)
            topics[(*ntopics)++] = t;
        p = *e == ',' ? e + 1 : *e ? e + 2 : e;
    }
}

/* The parser. */

static const GumboNode *find_body(const GumboNode *root)
{
    const GumboVector *ch = children(root);
    for (unsigned i = 0; ch && i < ch->length; i++)
        if (tag_of(ch->data[i]) == GUMBO_TAG_BODY)
            return ch->data[i];
    return root;
}

static const char *first_of(const char *a, const char *b, const char *c)
{
    return a ? a : b ? b : c;
}

/* The charset a page declares in its first kilobytes (<meta charset=…> or http-equiv's
 * content="text/html; charset=…"), into name; false when none. */
static bool declared_charset(const char *data, size_t n, char *name, size_t cap)
{
    size_t end = n < 4096 ? n : 4096;
    for (size_t i = 0; i + 8 <= end; i++) {
        if (strncasecmp(data + i, "charset=", 8) != 0)
            continue;
        size_t j = i + 8, k = 0;
        while (j < end && (data[j] == '"' || data[j] == '\'' || data[j] == ' '))
            j++;
        while (j < end && k + 1 < cap &&
               (strchr("-_:.", data[j]) || (data[j] >= '0' && data[j] <= '9') ||
                ((data[j] | 0x20) >= 'a' && (data[j] | 0x20) <= 'z')))
            name[k++] = data[j++];
        name[k] = 0;
        return k > 0;
    }
    return false;
}

/* A page in another charset than UTF-8 (older Arabic sites wrote windows-1256 or ISO-8859-6)
 * converted to UTF-8 with iconv, into out. Returns 0, or -1 with the reason in err. */
static int to_utf8(const char *data, size_t n, struct buf *out, struct buf *err)
{
    char charset[40];
    if (!declared_charset(data, n, charset, sizeof charset) || strcasecmp(charset, "utf-8") == 0 ||
        strcasecmp(charset, "utf8") == 0) {
        buf_puts(err, "not valid UTF-8, and no other charset declared");
        return -1;
    }
    iconv_t cd = iconv_open("UTF-8", charset);
    if (cd == (iconv_t)-1) {
        buf_printf(err, "charset %s is not known", charset);
        return -1;
    }
    char *in = (char *)data;
    size_t left = n;
    buf_grow(out, n * 2 + 16);
    int rc = 0;
    while (left) {
        char *to = out->p + out->len;
        size_t room = out->cap - out->len - 1;
        if (iconv(cd, &in, &left, &to, &room) == (size_t)-1 && errno != E2BIG) {
            buf_printf(err, "not valid %s at byte %zu", charset, (size_t)(in - data));
            rc = -1;
            break;
        }
        out->len = (size_t)(to - out->p);
        if (left)
            buf_grow(out, out->cap);
    }
    iconv_close(cd);
    if (rc == 0)
        out->p[out->len] = 0;
    return rc;
}

/* The page's main image. */

struct image {
    char *path;    /* the file, from the page's folder; NULL when none is saved with the page */
    char *alt;     /* or NULL */
    char *caption; /* or NULL */
    char *missing; /* why there is no path though the page has an image, or NULL */
};

/* The first <figure> at or under n holding an <img>, and that <img> in *img (the first one
 * inside it); NULL when none (*img may then hold an image met outside any figure, which is not
 * the main one). Parts left out of the article (sidebars, related stories) are passed over. */
static const GumboNode *first_figure(const struct doc *d, const GumboNode *n, int depth,
                                     const GumboNode **img)
{
    if (depth > MAX_DEPTH || !is_el(n))
        return NULL;
    GumboTag t = tag_of(n);
    if (t == GUMBO_TAG_IMG) {
        if (!*img && attr(n, "src") && !is_hidden(n))
            *img = n;
        return NULL;
    }
    if (skipped(d, n, depth))
        return NULL;
    const GumboVector *ch = children(n);
    if (t == GUMBO_TAG_FIGURE) {
        const GumboNode *found = NULL;
        for (unsigned i = 0; i < ch->length && !found; i++)
            first_figure(d, ch->data[i], depth + 1, &found);
        if (found) {
            *img = found;
            return n;
        }
        return NULL;
    }
    for (unsigned i = 0; i < ch->length; i++) {
        const GumboNode *f = first_figure(d, ch->data[i], depth + 1, img);
        if (f)
            return f;
    }
    return NULL;
}

/* The <figcaption> of a figure, as text, or NULL. */
static char *figure_caption(const GumboNode *figure)
{
    const GumboVector *ch = children(figure);
    for (unsigned i = 0; i < ch->length; i++)
        if (tag_of(ch->data[i]) == GUMBO_TAG_FIGCAPTION)
            return text_of(ch->data[i]);
    return NULL;
}

/* src made a path on this machine: relative to the folder of the page at page_path, its query
 * and fragment dropped, %XX decoded; NULL when src is an address on the web (or data:, or
 * absolute) or does not decode. */
static char *local_path(const char *page_path, const char *src)
{
    src += strspn(src, " \t\n\r\f");
    size_t n = strcspn(src, "?#");
    if (!n || src[0] == '/' || memchr(src, ':', n))
        return NULL; /* https:, data:, file:, //host/, /root-relative */
    struct buf b = BUF_INIT;
    const char *slash = page_path ? strrchr(page_path, '/') : NULL;
    if (slash)
        buf_printf(&b, "%.*s/", (int)(slash - page_path), page_path);
    size_t dir = b.len;
    if (!import_percent_decode(&b, src, n) || memchr(b.p + dir, 0, b.len - dir)) {
        buf_free(&b);
        return NULL;
    }
    return buf_detach(&b, NULL);
}

/* The page's main image (see the top): og:image, else the first figure's image. */
static void main_image(const struct doc *d, const struct page *pg, const GumboNode *best,
                       const char *page_path, struct image *im)
{
    const GumboNode *img = NULL,
                    *figure = best ? first_figure(d, best, depth_of(best), &img) : NULL;
    if (!figure) {
        img = NULL;
        figure = first_figure(d, d->body, depth_of(d->body), &img);
    }
    const char *og = pg->meta[M_IMAGE];
    const char *src = figure ? attr(img, "src") : NULL;
    if (og && (im->path = local_path(page_path, og)) != NULL) {
        im->alt = xstrdup(pg->meta[M_IMAGE_ALT]);
        if (src && strcmp(src, og) == 0) /* og:image is the figure's: its words too */
            im->caption = figure_caption(figure);
    } else if (src && (im->path = local_path(page_path, src)) != NULL) {
        im->alt = clean_str(attr(img, "alt"));
        im->caption = figure_caption(figure);
    } else if (og || src) {
        struct buf why = BUF_INIT;
        buf_printf(&why, "the page's image is not saved with it (%.200s is not fetched)",
                   og ? og : src);
        im->missing = buf_detach(&why, NULL);
    }
}

static int read_page(const char *data, size_t n, const char *path, struct import_sink *s,
                     struct buf *err);

int import_html(const char *data, size_t n, const char *path, struct import_sink *s,
                struct buf *err)
{
    if (n >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
        data += 3;
        n -= 3;
    }
    if (memchr(data, 0, n)) {
        buf_puts(err, "a binary file, not a page");
        return -1;
    }
    if (utf8_valid(data, n))
        return read_page(data, n, path, s, err);
    struct buf converted = BUF_INIT;
    int rc = to_utf8(data, n, &converted, err);
    if (rc == 0)
        rc = read_page(converted.p, converted.len, path, s, err);
    buf_free(&converted);
    return rc;
}

/* A page in UTF-8, parsed and handed to the sink; path is the page's file, for its images. */
static int read_page(const char *data, size_t n, const char *path, struct import_sink *s,
                     struct buf *err)
{
    if (n >= UINT32_MAX) {
        buf_puts(err, "too large for the HTML parser");
        return -1;
    }
    GumboOptions options = kGumboDefaultOptions;
    options.max_errors = 0;
    GumboOutput *out = gumbo_parse_with_options(&options, data, n);
    struct doc d = {find_body(out->root), 0};
    size_t links = 0;
    count_text(d.body, depth_of(d.body), false, &d.page_chars, &links);

    struct page pg = {0};
    gather(&pg, out->document, 0);

    /* The article's container: the best scored, else the whole body. */
    struct scan sc = {&d, NULL, 0, 0, U64MAP_INIT};
    struct stats run = {0, 0, 0};
    measure(&sc, d.body, depth_of(d.body), false, &run, NULL);
    const GumboNode *best = NULL;
    double top = 0;
    for (size_t i = 0; i < sc.nc; i++) {
        double f = final_score(&sc.c[i]);
        if (sc.c[i].score > 0 && !sc.c[i].negative && (!best || f > top)) {
            best = sc.c[i].node;
            top = f;
        }
    }
    struct out o = {&d, BUF_INIT, BUF_INIT, 0, 0, 0, 0};
    if (best)
        extract(&o, &sc, best);
    if (o.body.len == 0) {
        best = NULL;
        emit_inside(&o, d.body, depth_of(d.body));
    }

    int rc = 0;
    char *title = NULL, *byline = NULL, *date = NULL;
    struct image image = {0};
    char *topics[MAX_TOPICS];
    size_t ntopics = 0;
    if (o.body.len == 0) {
        buf_puts(err, "no article found");
        rc = -1;
        goto done;
    }

    /* Title: og:title, the JSON-LD headline, the article's <h1>, <title>, any <h1>. */
    title = xstrdup(first_of(pg.meta[M_OG_TITLE], pg.ld_headline, NULL));
    if (!title)
        title = find_near(&d, FIND_H1, best, false);
    if (!title)
        title = xstrdup(pg.html_title);
    if (!title)
        title = find_near(&d, FIND_H1, best, true);
    const char *site = first_of(pg.meta[M_SITE], pg.ld_site, NULL);
    strip_site(title, site);
    if (!title || !*title) {
        buf_puts(err, "no title found");
        rc = -1;
        goto done;
    }

    /* Date: article:published_time, JSON-LD datePublished, other date metas, <time>. */
    int64_t published = 0;
    const char *dates[] = {pg.meta[M_PUBLISHED], pg.ld_date, pg.meta[M_DATE]};
    for (size_t i = 0; i < ARRAY_LEN(dates) && !published; i++)
        published = dates[i] ? import_date(dates[i]) : 0;
    if (!published && (date = find_near(&d, FIND_TIME, best, true)) != NULL)
        published = import_date(date);
    /* A publication date the page states (article:published_time, JSON-LD datePublished) that
     * nothing could read is the importer's to refuse; other date metas are only hints. */
    const char *unread = NULL;
    for (size_t i = 0; i < 2 && !published && !unread; i++)
        unread = dates[i] && *dates[i] ? dates[i] : NULL;

    /* Author: article:author, the author meta, JSON-LD, the byline; not a profile's URL, nor
     * the site's name. */
    const char *author = NULL;
    const char *authors[] = {pg.meta[M_ARTICLE_AUTHOR], pg.meta[M_AUTHOR], pg.ld_author};
    for (size_t i = 0; i < ARRAY_LEN(authors) && !author; i++)
        if (authors[i] && !is_url(authors[i]) && !(site && strcasecmp(authors[i], site) == 0))
            author = authors[i];
    if (!author)
        author = byline = find_near(&d, FIND_BYLINE, best, true);

    /* Topics: news_keywords, keywords, JSON-LD keywords, article:tag; the first that has any. */
    const char *lists[] = {pg.meta[M_NEWS_KEYWORDS], pg.meta[M_KEYWORDS],
                           pg.ld_keywords.len ? pg.ld_keywords.p : NULL,
                           pg.tags.len ? pg.tags.p : NULL};
    for (size_t i = 0; i < ARRAY_LEN(lists) && !ntopics; i++)
        add_topics(topics, &ntopics, lists[i]);

    /* Key: the first absolute URL of canonical, og:url, JSON-LD url, "saved from"; else the
     * first given. */
    const char *keys[] = {pg.canonical, pg.meta[M_OG_URL], pg.ld_url, pg.saved_url};
    const char *key = NULL;
    for (size_t i = 0; i < ARRAY_LEN(keys) && !key; i++)
        if (is_url(keys[i]))
            key = keys[i];
    for (size_t i = 0; i < ARRAY_LEN(keys) && !key; i++)
        key = keys[i];

    main_image(&d, &pg, best, path, &image);

    struct import_article a = {
        .key = key,
        .title = title,
        .image_path = image.path,
        .image_alt = image.alt,
        .image_caption = image.caption,
        .image_missing = image.missing,
        .dek = first_of(pg.meta[M_OG_DESC], pg.meta[M_DESC], pg.ld_desc),
        .body = buf_str(&o.body),
        .category = first_of(pg.meta[M_SECTION], pg.ld_section, NULL),
        .topics = (const char *const *)topics,
        .ntopics = ntopics,
        .author = author,
        .published_at = published,
        .unread_date = unread,
        .line = 1,
    };
    if (s->article(s, &a) != 0) {
        buf_puts(err, "the article could not be stored");
        rc = -1;
    }

done:
    free(image.path);
    free(image.alt);
    free(image.caption);
    free(image.missing);
    for (size_t i = 0; i < ntopics; i++)
        free(topics[i]);
    free(title);
    free(byline);
    free(date);
    buf_free(&o.body);
    buf_free(&o.para);
    free(sc.c);
    u64map_free(&sc.map);
    page_free(&pg);
    gumbo_destroy_output(&options, out);
    return rc;
}
