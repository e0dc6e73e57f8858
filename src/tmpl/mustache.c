/*
 * mustache.c: the Mustache engine every page is rendered with (see mustache.h).
 *
 * A template is compiled once into a tree of nodes and kept in its set; rendering only walks that
 * tree, so the request path never looks at template source again. Compiling takes four passes:
 *
 *   1. tokenize: split the source into text and tags, following {{=| |=}} delimiter changes, and
 *      pair every section, parent and block with its closing tag (syntax errors come from here);
 *   2. standalone: a line holding only whitespace and a tag that prints nothing (section, comment,
 *      partial, ...) disappears from the output. The inheritance spec adds pairs of tags that may
 *      share such a line: {{<p}}{{/p}}, {{<p}}{{$b}}, {{/b}}{{/p}} and {{$b}}{{/b}} (the last one
 *      keeps its newline, as the block stands for a line of content);
 *   3. dedent: the content of a standalone block loses its common indentation, which the block
 *      site adds back where it is expanded ("removed at the site of definition and added at the
 *      site of expansion", the ~inheritance spec);
 *   4. build: the surviving tokens become the node tree; adjacent text is merged.
 *
 * Indentation of standalone partials and parents: instead of re-indenting source text (which
 * would mean one compiled copy per indentation), every node that starts a source line carries a
 * flag, and the renderer writes the current indentation before such a node and after each
 * newline inside text. Interpolated data is never indented, as the spec requires.
 *
 * Choices where the spec leaves room (its tests use neither "" nor 0 as section values):
 *   - falsey values: missing, null, false, [] and "" (an empty optional field hides its
 *     section); 0 and 0.0 are truthy, so a count of zero still shows.
 *   - numbers print as integers in decimal and reals in the shortest of %.15g, %.16g and %.17g
 *     that reads back as the same double (1.21 -> "1.21"); true and false print as "true" and
 *     "false"; null, arrays and objects print nothing.
 *   - a partial or parent with a syntax error fails the whole render with TMPL_ESYNTAX instead of
 *     rendering as empty text: a broken theme file should be noticed, not hidden.
 *   - partials, parents and blocks expand at most MAX_DEPTH (100) levels deep; deeper fails the
 *     render with TMPL_ESYNTAX (a partial that includes itself with the same data never ends).
 *     Sections nest at most MAX_NEST levels in one source (TMPL_ESYNTAX at compile time), which
 *     keeps the renderer's recursion, and so its stack use, bounded.
 *   - a name the loader does not know is remembered (up to MAX_MISSING of them), so a missing
 *     partial costs one loader call per set rather than one per render.
 *   - raw output is checked against the set's list of allowed names when a tag is read, that
 *     is after any delimiter change and in partials, parents and blocks alike, on the tag's
 *     whole dotted name; a refused name fails the compile like a syntax error.
 *
 * Threads: the cache of compiled templates is a hash table behind a rwlock, and loading is
 * serialized by a mutex so each name reaches the loader once. Compiled templates do not change
 * once published, except for one atomic pointer per static partial or parent tag that remembers
 * the tag's cache entry; rendering itself holds no lock.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* memmem */
#endif
#include "tmpl/mustache.h"
#include "base/mem.h"
#include "text/escape.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
    MAX_DEPTH = 100,   /* nested partial, parent and block expansions while rendering */
    MAX_NEST = 100,    /* nested sections, parents and blocks in one template source */
    MAX_MISSING = 256, /* unknown names remembered per set */
};

/* Node kinds; the last three only exist as tokens while compiling. */
enum kind {
    K_TEXT,
    K_VAR,      /* {{name}} */
    K_RAW,      /* {{{name}}}, {{&name}} */
    K_SECTION,  /* {{#name}} */
    K_INVERTED, /* {{^name}} */
    K_PARTIAL,  /* {{>name}} */
    K_PARENT,   /* {{<name}} */
    K_BLOCK,    /* {{$name}} */
    K_CLOSE,    /* {{/name}} */
    K_COMMENT,  /* {{! ...}} */
    K_DELIM,    /* {{=<% %>=}} */
};

struct entry;

/* A dotted name split for context lookup: "a.b" is {"a", "b"}; "." has no parts. */
struct key {
    char **part; /* one allocation: the pointer array, then the bytes */
    size_t n;
};

struct node {
    unsigned char kind;
    bool bol;        /* starts a source line: the current indentation is written first */
    bool dynamic;    /* {{>*name}} or {{<*name}}: the name is looked up in the context */
    bool standalone; /* partial, parent, block: the tag stood alone on its line */
    unsigned line;   /* of the tag, for error messages */
    char *str;       /* K_TEXT: the bytes; tags: the name, NUL-terminated */
    size_t len;
    struct key key; /* the name split for lookup (variables, sections, dynamic names) */
    char *ind;      /* standalone partial/parent: its indentation; block: the site's */
    size_t ind_len;
    struct node *kid; /* sections and blocks: content; parents: their block arguments */
    size_t nkid;
    _Atomic(const struct entry *) memo; /* static partial/parent: the cache entry once found */
};

struct tmpl {
    char *name;
    struct node *kid;
    size_t nkid;
};

/* One name in a set's cache: a compiled template, a syntax error, or neither (unknown). */
struct entry {
    struct entry *next;
    uint64_t hash;
    char *name;
    struct tmpl *t;
    char *err;
};

struct tmpl_set {
    tmpl_loader load;
    void *ctx;
    pthread_rwlock_t lock;     /* guards tab, cap and count */
    pthread_mutex_t load_lock; /* held while loading, so each name reaches the loader once */
    struct entry **tab;
    size_t cap, count;
    size_t missing;                 /* unknown names cached so far (under load_lock) */
    const char *const *raw_allowed; /* names raw output may print; NULL: any */
};

/* What get_entry returns for an unknown name it no longer has room to remember. */
static const struct entry no_entry;

/* ---------------------------------------------------------------------------------------------
 * Compiling
 */

struct tok {
    unsigned char kind;
    bool dynamic;
    bool bol;        /* starts at the beginning of a source line */
    bool dropped;    /* text removed by the standalone rule */
    bool standalone; /* tag the standalone rule applied to (its line's whitespace is gone) */
    unsigned line;
    size_t off, len;         /* K_TEXT: the bytes; tags: the name */
    size_t tag_off;          /* tags: where the tag starts */
    size_t ind_off, ind_len; /* standalone tags: the whitespace before them on the line */
    size_t match;            /* sections, parents, blocks and closing tags: the other end */
};

struct delims {
    const char *open, *close;
    size_t olen, clen;
};

struct compiler {
    const char *name;
    const char *const *raw_allowed; /* names raw output may print; NULL: any */
    const char *src;
    size_t n;
    struct tok *tok;
    size_t ntok, cap;
    unsigned line; /* line number at line_pos, advanced as tokens are added */
    size_t line_pos;
    char *err; /* the syntax error, malloc'd */
};

static bool is_blank(char ch)
{
    return ch == ' ' || ch == '\t';
}

static bool is_space(char ch)
{
    return is_blank(ch) || ch == '\n' || ch == '\r';
}

/* A line that holds more than its line ending (only such lines get indented). */
static bool line_has_content(const char *s, size_t n)
{
    return n > 0 && s[0] != '\n' && !(s[0] == '\r' && n > 1 && s[1] == '\n');
}

static int syntax_error(struct compiler *c, unsigned line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Records "NAME:LINE: what" as the compile error; returns TMPL_ESYNTAX. */
static int syntax_error(struct compiler *c, unsigned line, const char *fmt, ...)
{
    struct buf b = BUF_INIT;
    va_list ap;
    buf_printf(&b, "%s:%u: ", c->name, line);
    va_start(ap, fmt);
    buf_vprintf(&b, fmt, ap);
    va_end(ap);
    free(c->err);
    c->err = buf_detach(&b, NULL);
    return TMPL_ESYNTAX;
}

/* The line number of offset off; offsets are asked for in increasing order. */
static unsigned line_at(struct compiler *c, size_t off)
{
    for (; c->line_pos < off; c->line_pos++)
        if (c->src[c->line_pos] == '\n')
            c->line++;
    return c->line;
}

static struct tok *add_tok(struct compiler *c, unsigned char kind, size_t off)
{
    if (c->ntok == c->cap) {
        c->cap = c->cap ? 2 * c->cap : 64;
        c->tok = xrealloc(c->tok, c->cap * sizeof *c->tok);
    }
    struct tok *t = &c->tok[c->ntok++];
    memset(t, 0, sizeof *t);
    t->kind = kind;
    t->bol = off == 0 || c->src[off - 1] == '\n';
    t->line = line_at(c, off);
    return t;
}

/* Adds the text from..to as tokens that each end at a newline, so lines can be judged alone. */
static void add_text(struct compiler *c, size_t from, size_t to)
{
    while (from < to) {
        const char *nl = memchr(c->src + from, '\n', to - from);
        size_t end = nl ? (size_t)(nl - c->src) + 1 : to;
        struct tok *t = add_tok(c, K_TEXT, from);
        t->off = from;
        t->len = end - from;
        from = end;
    }
}

/*
 * Finds the end of a tag whose body starts at from: the closing delimiter, preceded by end_char
 * when that is not 0 ('}' for {{{name}}}, '=' for {{=a b=}}). Sets *body_end to where the body
 * stops and returns the offset just past the tag, or 0 when the tag is never closed.
 */
static size_t find_tag_end(const struct compiler *c, size_t from, char end_char,
                           const struct delims *d, size_t *body_end)
{
    size_t at = from;
    while (at < c->n) {
        const char *hit = memmem(c->src + at, c->n - at, d->close, d->clen);
        if (!hit)
            return 0;
        size_t h = (size_t)(hit - c->src);
        if (!end_char) {
            *body_end = h;
            return h + d->clen;
        }
        if (h > from && c->src[h - 1] == end_char) {
            *body_end = h - 1;
            return h + d->clen;
        }
        at = h + 1;
    }
    return 0;
}

/* Reads the two words of a {{=open close=}} body (from..to) into d. */
static int set_delims(struct compiler *c, unsigned line, size_t from, size_t to, struct delims *d)
{
    const char *s = c->src;
    size_t w[4], nw = 0;
    for (size_t i = from; i < to;) {
        if (is_space(s[i])) {
            i++;
            continue;
        }
        if (nw == 4)
            return syntax_error(c, line, "bad set-delimiter tag: more than two delimiters");
        w[nw++] = i;
        while (i < to && !is_space(s[i]))
            i++;
        w[nw++] = i;
    }
    if (nw != 4)
        return syntax_error(c, line, "bad set-delimiter tag: it needs two delimiters");
    if (memchr(s + w[0], '=', w[1] - w[0]) || memchr(s + w[2], '=', w[3] - w[2]))
        return syntax_error(c, line, "bad set-delimiter tag: a delimiter may not contain '='");
    d->open = s + w[0];
    d->olen = w[1] - w[0];
    d->close = s + w[2];
    d->clen = w[3] - w[2];
    return 0;
}

/* Whether raw output may print the name (n bytes): the whole dotted name, as written, must be
 * in the list; "x.body_html" is not "body_html". */
static bool raw_allowed(const char *const *allowed, const char *name, size_t n)
{
    if (!allowed)
        return true;
    for (; *allowed; allowed++)
        if (strlen(*allowed) == n && memcmp(*allowed, name, n) == 0)
            return true;
    return false;
}

/* The error for raw output of a name not in the list: names the field and the allowed ones. */
static int raw_refused(struct compiler *c, unsigned line, const char *name, size_t n)
{
    struct buf list = BUF_INIT;
    for (const char *const *a = c->raw_allowed; *a; a++)
        buf_printf(&list, "%s%s", a == c->raw_allowed ? "" : ", ", *a);
    syntax_error(c, line, "raw output of '%.*s' is not allowed (only: %s)", (int)n, name,
                 buf_str(&list));
    buf_free(&list);
    return TMPL_ESYNTAX;
}

static unsigned char sigil_kind(char ch)
{
    switch (ch) {
    case '{': return K_RAW;
    case '&': return K_RAW;
    case '#': return K_SECTION;
    case '^': return K_INVERTED;
    case '/': return K_CLOSE;
    case '>': return K_PARTIAL;
    case '<': return K_PARENT;
    case '$': return K_BLOCK;
    case '!': return K_COMMENT;
    case '=': return K_DELIM;
    default: return K_VAR;
    }
}

/* Reads the tag starting at start into a token; *next is set past it. */
static int read_tag(struct compiler *c, size_t start, struct delims *d, size_t *next)
{
    const char *s = c->src;
    size_t p = start + d->olen;
    char sigil = p < c->n ? s[p] : 0;
    unsigned char kind = sigil_kind(sigil);
    char end_char = sigil == '{' ? '}' : sigil == '=' ? '=' : 0;
    char end_str[2] = {end_char, 0};
    if (kind != K_VAR)
        p++;
    unsigned line = line_at(c, start);
    size_t body_end = 0;
    size_t stop = find_tag_end(c, p, end_char, d, &body_end);
    if (!stop)
        return syntax_error(c, line, "unclosed tag (no closing %s%.*s)", end_str, (int)d->clen,
                            d->close);
    *next = stop;
    if (kind == K_DELIM) {
        int rc = set_delims(c, line, p, body_end, d);
        if (rc)
            return rc;
    }
    struct tok *t = add_tok(c, kind, start);
    t->tag_off = start;
    if (kind == K_COMMENT || kind == K_DELIM)
        return 0;
    while (p < body_end && is_space(s[p]))
        p++;
    while (body_end > p && is_space(s[body_end - 1]))
        body_end--;
    if ((kind == K_PARTIAL || kind == K_PARENT || kind == K_CLOSE) && p < body_end && s[p] == '*') {
        t->dynamic = true;
        for (p++; p < body_end && is_blank(s[p]); p++)
            ;
    }
    if (p == body_end)
        return syntax_error(c, line, "empty tag name");
    if (memchr(s + p, 0, body_end - p))
        return syntax_error(c, line, "NUL byte in tag name");
    t->off = p;
    t->len = body_end - p;
    if (kind == K_RAW && !raw_allowed(c->raw_allowed, s + p, t->len))
        return raw_refused(c, line, s + p, t->len);
    return 0;
}

static bool opens_scope(unsigned char kind)
{
    return kind == K_SECTION || kind == K_INVERTED || kind == K_PARENT || kind == K_BLOCK;
}

static bool same_name(const struct compiler *c, const struct tok *a, const struct tok *b)
{
    return a->dynamic == b->dynamic && a->len == b->len &&
           memcmp(c->src + a->off, c->src + b->off, a->len) == 0;
}

/* Pairs the newest token with the open section on the stack when it is a closing tag. */
static int pair_tag(struct compiler *c, size_t *stack, size_t *depth)
{
    size_t i = c->ntok - 1;
    struct tok *t = &c->tok[i];
    if (opens_scope(t->kind)) {
        if (*depth == MAX_NEST)
            return syntax_error(c, t->line, "sections nested more than %d deep", MAX_NEST);
        stack[(*depth)++] = i;
        return 0;
    }
    if (t->kind != K_CLOSE)
        return 0;
    if (*depth == 0)
        return syntax_error(c, t->line, "closing tag '%s%.*s' without an open section",
                            t->dynamic ? "*" : "", (int)t->len, c->src + t->off);
    struct tok *o = &c->tok[stack[*depth - 1]];
    if (!same_name(c, o, t))
        return syntax_error(c, t->line,
                            "closing tag '%s%.*s' does not match open '%s%.*s' (line %u)",
                            t->dynamic ? "*" : "", (int)t->len, c->src + t->off,
                            o->dynamic ? "*" : "", (int)o->len, c->src + o->off, o->line);
    (*depth)--;
    o->match = i;
    t->match = stack[*depth];
    return 0;
}

/* Pass 1: the source as tokens, with sections paired. */
static int tokenize(struct compiler *c)
{
    struct delims d = {"{{", "}}", 2, 2};
    size_t stack[MAX_NEST];
    size_t depth = 0;
    size_t pos = 0;
    while (pos < c->n) {
        const char *hit = memmem(c->src + pos, c->n - pos, d.open, d.olen);
        size_t start = hit ? (size_t)(hit - c->src) : c->n;
        add_text(c, pos, start);
        if (!hit)
            break;
        int rc = read_tag(c, start, &d, &pos);
        if (rc == 0)
            rc = pair_tag(c, stack, &depth);
        if (rc)
            return rc;
    }
    if (depth) {
        const struct tok *o = &c->tok[stack[depth - 1]];
        return syntax_error(c, o->line, "unclosed section '%s%.*s'", o->dynamic ? "*" : "",
                            (int)o->len, c->src + o->off);
    }
    return 0;
}

/* Whether the text token is only spaces and tabs, then a line ending if allow_eol. */
static bool text_is_blank(const struct compiler *c, const struct tok *t, bool allow_eol)
{
    const char *s = c->src + t->off;
    size_t n = t->len;
    if (allow_eol && n && s[n - 1] == '\n')
        n -= (n > 1 && s[n - 2] == '\r') ? 2 : 1;
    for (size_t i = 0; i < n; i++)
        if (!is_blank(s[i]))
            return false;
    return true;
}

static bool can_stand_alone(unsigned char kind)
{
    return kind != K_TEXT && kind != K_VAR && kind != K_RAW;
}

/* What a token closes (K_CLOSE) or is (any other kind). */
static unsigned char scope_kind(const struct compiler *c, const struct tok *t)
{
    return t->kind == K_CLOSE ? c->tok[t->match].kind : t->kind;
}

/*
 * The inheritance spec's tag pairs that are standalone together. Sets *keep_eol for {{$b}}{{/b}},
 * whose line ending stays: the empty block stands for a line of content.
 */
static bool standalone_pair(const struct compiler *c, size_t x, size_t y, bool *keep_eol)
{
    const struct tok *a = &c->tok[x], *b = &c->tok[y];
    bool a_closes = a->kind == K_CLOSE, b_closes = b->kind == K_CLOSE;
    *keep_eol = false;
    if (a->kind == K_PARENT && b_closes && b->match == x)
        return true; /* {{<p}}{{/p}} */
    if (a->kind == K_PARENT && b->kind == K_BLOCK)
        return true; /* {{<p}}{{$b}} */
    if (a_closes && scope_kind(c, a) == K_BLOCK && b_closes && scope_kind(c, b) == K_PARENT)
        return true; /* {{/b}}{{/p}} */
    if (a->kind == K_BLOCK && b_closes && b->match == x) {
        *keep_eol = true; /* {{$b}}{{/b}} */
        return true;
    }
    return false;
}

/* Applies the standalone rule to the line made of tokens a..b-1. */
static void mark_line(struct compiler *c, size_t a, size_t b)
{
    size_t s = a;
    if (c->tok[s].kind == K_TEXT) {
        if (s + 1 == b || !text_is_blank(c, &c->tok[s], false))
            return;
        s++;
    }
    size_t e = s;
    while (e < b && c->tok[e].kind != K_TEXT)
        e++;
    if (e < b && (e + 1 != b || !text_is_blank(c, &c->tok[e], true)))
        return;
    bool keep_eol = false;
    if (e - s == 1 ? !can_stand_alone(c->tok[s].kind)
                   : e - s != 2 || !standalone_pair(c, s, s + 1, &keep_eol))
        return;
    for (size_t i = s; i < e; i++)
        c->tok[i].standalone = true;
    if (s > a) {
        c->tok[a].dropped = true;
        c->tok[s].ind_off = c->tok[a].off;
        c->tok[s].ind_len = c->tok[a].len;
    }
    if (e == b)
        return;
    struct tok *tail = &c->tok[e];
    if (!keep_eol) {
        tail->dropped = true;
        return;
    }
    while (tail->len && is_blank(c->src[tail->off])) /* keep only the line ending */
        tail->off++, tail->len--;
}

/* Pass 2: the standalone rule, line by line. */
static void mark_standalone(struct compiler *c)
{
    size_t a = 0;
    while (a < c->ntok) {
        size_t b = a + 1;
        while (b < c->ntok && !c->tok[b].bol)
            b++;
        mark_line(c, a, b);
        a = b;
    }
}

/*
 * The leading whitespace of the line that token j starts, inside a block whose closing tag is
 * token end. Returns false for a blank line, which does not count for the common indentation.
 */
static bool line_indent(const struct compiler *c, size_t j, size_t end, size_t *off, size_t *len)
{
    const struct tok *t = &c->tok[j];
    *off = t->off;
    *len = 0;
    if (t->kind != K_TEXT)
        return true;
    if (t->dropped) { /* a standalone line: its whitespace went to the tag after it */
        *off = c->tok[j + 1].ind_off;
        *len = c->tok[j + 1].ind_len;
        return true;
    }
    const char *s = c->src + t->off;
    while (*len < t->len && is_blank(s[*len]))
        (*len)++;
    if (*len < t->len)
        return line_has_content(s + *len, t->len - *len);
    return j + 1 < c->ntok && j + 1 != end && !c->tok[j + 1].bol;
}

static size_t common_prefix(const char *a, size_t alen, const char *b, size_t blen)
{
    size_t i = 0;
    while (i < alen && i < blen && a[i] == b[i])
        i++;
    return i;
}

/* Whether token j starts a line of a block's content; end is the block's closing tag. */
static bool block_line(const struct compiler *c, size_t j, size_t end)
{
    /* the closing tag's own standalone line is not content */
    return c->tok[j].bol && !(c->tok[j].dropped && j + 1 == end);
}

/* Removes the common indentation from the lines of standalone block i; the site adds it back. */
static void dedent_block(struct compiler *c, size_t i)
{
    size_t end = c->tok[i].match, doff = 0, dlen = 0, off, len;
    bool any = false;
    for (size_t j = i + 1; j < end; j++) {
        if (!block_line(c, j, end) || !line_indent(c, j, end, &off, &len))
            continue;
        dlen = any ? common_prefix(c->src + doff, dlen, c->src + off, len) : len;
        doff = any ? doff : off;
        any = true;
    }
    if (dlen == 0)
        return;
    for (size_t j = i + 1; j < end; j++) {
        if (!block_line(c, j, end))
            continue;
        line_indent(c, j, end, &off, &len);
        size_t k = len < dlen ? len : dlen;
        struct tok *t = &c->tok[j];
        if (t->kind != K_TEXT)
            continue; /* a tag starts the line: it has no indentation */
        if (t->dropped) {
            c->tok[j + 1].ind_off += k;
            c->tok[j + 1].ind_len -= k;
        } else {
            t->off += k;
            t->len -= k;
        }
    }
    c->tok[i].ind_off = doff;
    c->tok[i].ind_len = dlen;
}

/* Pass 3: outer blocks first, so inner ones measure what their outer block left. */
static void dedent_blocks(struct compiler *c)
{
    for (size_t i = 0; i < c->ntok; i++)
        if (c->tok[i].kind == K_BLOCK && c->tok[i].standalone)
            dedent_block(c, i);
}

struct nodes {
    struct node *v;
    size_t n, cap;
};

/* A new zeroed node at the end of l; the pointer is valid until the next push. */
static struct node *push_node(struct nodes *l)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? 2 * l->cap : 8;
        l->v = xrealloc(l->v, l->cap * sizeof *l->v);
    }
    struct node *nd = &l->v[l->n++];
    memset(nd, 0, sizeof *nd);
    atomic_init(&nd->memo, NULL);
    return nd;
}

/* The lookup key for a tag name. */
static struct key key_make(const char *name)
{
    struct key k = {NULL, 0};
    if (strcmp(name, ".") == 0)
        return k;
    size_t len = strlen(name), n = 1;
    for (size_t i = 0; i < len; i++)
        n += name[i] == '.';
    k.part = xmalloc(n * sizeof *k.part + len + 1);
    char *s = (char *)(k.part + n);
    memcpy(s, name, len + 1);
    k.part[k.n++] = s;
    for (; *s; s++)
        if (*s == '.')
            *s = 0, k.part[k.n++] = s + 1;
    return k;
}

/* Turns the text collected so far into a node (taking its memory). */
static void flush_text(struct nodes *out, struct buf *text, bool bol)
{
    if (!text->len)
        return;
    struct node *nd = push_node(out);
    nd->kind = K_TEXT;
    nd->bol = bol;
    nd->str = buf_detach(text, &nd->len);
}

static void build(struct compiler *c, size_t from, size_t to, struct nodes *out);

/* Fills nd from the tag at token j; returns the last token it used (a closing tag, or j). */
static size_t build_tag(struct compiler *c, size_t j, struct node *nd)
{
    const struct tok *t = &c->tok[j];
    nd->kind = t->kind;
    nd->dynamic = t->dynamic;
    nd->standalone = t->standalone;
    nd->line = t->line;
    nd->str = xstrndup(c->src + t->off, t->len);
    nd->len = t->len;
    bool named_by_data = t->kind != K_PARTIAL && t->kind != K_PARENT && t->kind != K_BLOCK;
    if (named_by_data || t->dynamic)
        nd->key = key_make(nd->str);
    if (t->standalone && t->ind_len) {
        nd->ind = xstrndup(c->src + t->ind_off, t->ind_len);
        nd->ind_len = t->ind_len;
    }
    struct nodes kids = {NULL, 0, 0};
    if (t->kind == K_PARENT) { /* only the block arguments matter; other content is ignored */
        for (size_t k = j + 1; k < t->match; k++) {
            if (c->tok[k].kind == K_BLOCK)
                k = build_tag(c, k, push_node(&kids));
            else if (opens_scope(c->tok[k].kind))
                k = c->tok[k].match;
        }
    } else if (opens_scope(t->kind)) {
        build(c, j + 1, t->match, &kids);
    }
    /* Content that starts on the opening tag's line is indented like a line of its own where
     * the block expands standalone; render_block skips that indentation at inline sites. */
    if (t->kind == K_BLOCK && !t->standalone && kids.n &&
        (kids.v[0].kind != K_TEXT || line_has_content(kids.v[0].str, kids.v[0].len)))
        kids.v[0].bol = true;
    nd->kid = kids.v;
    nd->nkid = kids.n;
    return opens_scope(t->kind) ? t->match : j;
}

/* Pass 4: the nodes for tokens from..to-1, appended to out. */
static void build(struct compiler *c, size_t from, size_t to, struct nodes *out)
{
    struct buf text = BUF_INIT;
    bool text_bol = false;
    bool carry = false; /* a line started at a token that printed nothing */
    for (size_t j = from; j < to; j++) {
        const struct tok *t = &c->tok[j];
        if (t->kind == K_TEXT) {
            if (t->dropped)
                continue;
            if (t->len == 0) {
                carry |= t->bol;
                continue;
            }
            const char *s = c->src + t->off;
            if (text.len == 0) /* later line starts inside the text are found when rendering */
                text_bol = (t->bol || carry) && line_has_content(s, t->len);
            carry = false;
            buf_append(&text, s, t->len);
            continue;
        }
        if (t->kind == K_COMMENT || t->kind == K_DELIM) {
            carry |= t->bol && !t->standalone;
            continue;
        }
        flush_text(out, &text, text_bol);
        struct node *nd = push_node(out);
        nd->bol = (t->bol && !t->standalone) || carry;
        carry = false;
        j = build_tag(c, j, nd);
    }
    flush_text(out, &text, text_bol);
    buf_free(&text);
}

static void free_nodes(struct node *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(v[i].str);
        free(v[i].key.part);
        free(v[i].ind);
        free_nodes(v[i].kid, v[i].nkid);
    }
    free(v);
}

static void tmpl_free(struct tmpl *t)
{
    if (!t)
        return;
    free_nodes(t->kid, t->nkid);
    free(t->name);
    free(t);
}

/* The compiled form of src, or NULL with the syntax error in *err (malloc'd). Raw output of a
 * name not in raw_allowed (when not NULL) is an error too. */
static struct tmpl *compile(const char *name, const char *src, size_t n,
                            const char *const *raw_allowed, char **err)
{
    struct compiler c = {.name = name, .raw_allowed = raw_allowed, .src = src, .n = n, .line = 1};
    struct tmpl *t = NULL;
    *err = NULL;
    if (tokenize(&c) == 0) {
        mark_standalone(&c);
        dedent_blocks(&c);
        struct nodes top = {NULL, 0, 0};
        build(&c, 0, c.ntok, &top);
        t = xcalloc(1, sizeof *t);
        t->name = xstrdup(name);
        t->kid = top.v;
        t->nkid = top.n;
    }
    *err = c.err;
    free(c.tok);
    return t;
}

/* ---------------------------------------------------------------------------------------------
 * The set: a cache of compiled templates by name
 */

static uint64_t hash_name(const char *s)
{
    uint64_t h = 14695981039346656037ull; /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

/* The cached entry for name; the caller holds set->lock or set->load_lock. */
static struct entry *table_find(const struct tmpl_set *set, const char *name, uint64_t h)
{
    for (struct entry *e = set->tab[h & (set->cap - 1)]; e; e = e->next)
        if (e->hash == h && strcmp(e->name, name) == 0)
            return e;
    return NULL;
}

/* Adds e, doubling the table past 3/4 full; the caller holds set->lock for writing. */
static void table_insert(struct tmpl_set *set, struct entry *e)
{
    if (4 * (set->count + 1) > 3 * set->cap) {
        size_t cap = 2 * set->cap;
        struct entry **tab = xcalloc(cap, sizeof *tab);
        for (size_t i = 0; i < set->cap; i++) {
            for (struct entry *x = set->tab[i], *next; x; x = next) {
                next = x->next;
                x->next = tab[x->hash & (cap - 1)];
                tab[x->hash & (cap - 1)] = x;
            }
        }
        free(set->tab);
        set->tab = tab;
        set->cap = cap;
    }
    e->next = set->tab[e->hash & (set->cap - 1)];
    set->tab[e->hash & (set->cap - 1)] = e;
    set->count++;
}

/* Loads and compiles name into a new entry; the caller holds set->load_lock. */
static const struct entry *load_entry(struct tmpl_set *set, const char *name, uint64_t h)
{
    size_t len = 0;
    char *src = set->load ? set->load(set->ctx, name, &len) : NULL;
    if (!src && set->missing >= MAX_MISSING)
        return &no_entry;
    struct entry *e = xcalloc(1, sizeof *e);
    e->hash = h;
    e->name = xstrdup(name);
    if (src)
        e->t = compile(name, src, len, set->raw_allowed, &e->err);
    else
        set->missing++;
    free(src);
    pthread_rwlock_wrlock(&set->lock);
    table_insert(set, e);
    pthread_rwlock_unlock(&set->lock);
    return e;
}

/* The entry for name, loading and compiling it on first use; never NULL. */
static const struct entry *get_entry(struct tmpl_set *set, const char *name)
{
    uint64_t h = hash_name(name);
    pthread_rwlock_rdlock(&set->lock);
    const struct entry *e = table_find(set, name, h);
    pthread_rwlock_unlock(&set->lock);
    if (e)
        return e;
    pthread_mutex_lock(&set->load_lock);
    /* Only load_lock holders insert, so the table can be read here without set->lock; another
     * thread may have loaded the name while this one waited. */
    e = table_find(set, name, h);
    if (!e)
        e = load_entry(set, name, h);
    pthread_mutex_unlock(&set->load_lock);
    return e;
}

/*
 * Creates an empty set. Nothing is loaded until a template is rendered; load may be NULL (then
 * only tmpl_render_source is useful, and every partial renders empty). The loader is called
 * with the set's load mutex held, so it must not call back into the set.
 */
struct tmpl_set *tmpl_set_new(tmpl_loader load, void *ctx)
{
    struct tmpl_set *set = xcalloc(1, sizeof *set);
    set->load = load;
    set->ctx = ctx;
    set->cap = 64;
    set->tab = xcalloc(set->cap, sizeof *set->tab);
    pthread_rwlock_init(&set->lock, NULL);
    pthread_mutex_init(&set->load_lock, NULL);
    return set;
}

/* Sets the names raw output may print (see mustache.h); before the first template is loaded. */
void tmpl_set_allow_raw(struct tmpl_set *set, const char *const *names)
{
    set->raw_allowed = names;
}

/* TMPL_OK when e holds a compiled template, else the error for name, told in err. */
static int entry_status(const struct entry *e, const char *name, struct buf *err)
{
    if (err)
        buf_reset(err);
    if (e->err) {
        if (err)
            buf_puts(err, e->err);
        return TMPL_ESYNTAX;
    }
    if (!e->t) {
        if (err)
            buf_printf(err, "%s: no such template", name);
        return TMPL_ENOTFOUND;
    }
    return TMPL_OK;
}

/* Loads and compiles name into the set now, as its first render would (see mustache.h). */
int tmpl_load(struct tmpl_set *set, const char *name, struct buf *err)
{
    return entry_status(get_entry(set, name), name, err);
}

/* Frees the set and every template compiled in it; no render may be running. NULL is a no-op. */
void tmpl_set_free(struct tmpl_set *set)
{
    if (!set)
        return;
    for (size_t i = 0; i < set->cap; i++) {
        for (struct entry *e = set->tab[i], *next; e; e = next) {
            next = e->next;
            tmpl_free(e->t);
            free(e->err);
            free(e->name);
            free(e);
        }
    }
    free(set->tab);
    pthread_rwlock_destroy(&set->lock);
    pthread_mutex_destroy(&set->load_lock);
    free(set);
}

/* ---------------------------------------------------------------------------------------------
 * Rendering
 */

/* The context stack, innermost first; frames live on the C stack of the renderer. */
struct ctx {
    json_t *v;
    const struct ctx *up;
};

/* The parents being expanded, innermost first: where block overrides are found. */
struct scope {
    struct node *parent;
    const char *tname; /* the template the parent tag is in */
    const struct scope *up;
};

struct frame {
    const struct ctx *ctx;
    const struct scope *scope;
    const char *tname;       /* the template whose nodes are being walked, for messages */
    size_t ind_off, ind_len; /* the indentation for line starts, in render.ind */
};

struct render {
    struct tmpl_set *set;
    struct buf *out;
    struct buf *err;
    struct buf ind; /* indentations, stacked: an inner one is built after the outer ones */
    int depth;
};

static int render_nodes(struct render *r, struct node *v, size_t n, const struct frame *f,
                        bool skip_first_indent);

static int render_error(struct render *r, const struct frame *f, const struct node *nd,
                        const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Writes "NAME:LINE: what" to the caller's err; returns TMPL_ESYNTAX. */
static int render_error(struct render *r, const struct frame *f, const struct node *nd,
                        const char *fmt, ...)
{
    if (!r->err)
        return TMPL_ESYNTAX;
    va_list ap;
    buf_printf(r->err, "%s:%u: ", f->tname, nd->line);
    va_start(ap, fmt);
    buf_vprintf(r->err, fmt, ap);
    va_end(ap);
    return TMPL_ESYNTAX;
}

/* Resolves a dotted name against the context stack (the spec's lookup rules). */
static json_t *lookup(const struct ctx *c, const struct key *k)
{
    if (k->n == 0)
        return c ? c->v : NULL;
    json_t *v = NULL;
    for (; c && !v; c = c->up)
        v = json_is_object(c->v) ? json_object_get(c->v, k->part[0]) : NULL;
    /* once the first part is found, the rest must be found inside it: no further fallback */
    for (size_t i = 1; v && i < k->n; i++)
        v = json_is_object(v) ? json_object_get(v, k->part[i]) : NULL;
    return v;
}

/* The section test: see the falsey values in the comment at the top. */
static bool truthy(const json_t *v)
{
    if (!v)
        return false;
    switch (json_typeof(v)) {
    case JSON_NULL:
    case JSON_FALSE: return false;
    case JSON_ARRAY: return json_array_size(v) > 0;
    case JSON_STRING: return json_string_length(v) > 0;
    default: return true;
    }
}

/* The shortest of %.15g, %.16g and %.17g that reads back as d. */
static int format_real(char *out, size_t size, double d)
{
    int n = 0;
    for (int prec = 15; prec <= 17; prec++) {
        n = snprintf(out, size, "%.*g", prec, d);
        if (strtod(out, NULL) == d)
            break;
    }
    return n;
}

/* The text of a scalar: a string's bytes or a number printed into num; NULL for the rest. */
static const char *scalar_text(const json_t *v, char *num, size_t size, size_t *len)
{
    int n;
    switch (v ? json_typeof(v) : JSON_NULL) {
    case JSON_STRING: *len = json_string_length(v); return json_string_value(v);
    case JSON_INTEGER:
        n = snprintf(num, size, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
        break;
    case JSON_REAL: n = format_real(num, size, json_real_value(v)); break;
    case JSON_TRUE: n = snprintf(num, size, "true"); break;
    case JSON_FALSE: n = snprintf(num, size, "false"); break;
    default: return NULL;
    }
    *len = n > 0 ? (size_t)n : 0;
    return num;
}

static void put_value(struct render *r, const json_t *v, bool escape)
{
    char num[40];
    size_t len;
    const char *s = scalar_text(v, num, sizeof num, &len);
    if (!s)
        return;
    if (escape)
        esc_html(r->out, s, len);
    else
        buf_append(r->out, s, len);
}

static void put_indent(struct render *r, const struct frame *f)
{
    buf_append(r->out, r->ind.p + f->ind_off, f->ind_len);
}

/* Text, indenting the lines that start inside it. */
static void put_text(struct render *r, const struct frame *f, const struct node *nd)
{
    if (!f->ind_len) {
        buf_append(r->out, nd->str, nd->len);
        return;
    }
    const char *s = nd->str, *end = nd->str + nd->len;
    while (s < end) {
        const char *nl = memchr(s, '\n', (size_t)(end - s));
        if (!nl) {
            buf_append(r->out, s, (size_t)(end - s));
            return;
        }
        buf_append(r->out, s, (size_t)(nl + 1 - s));
        s = nl + 1;
        if (line_has_content(s, (size_t)(end - s)))
            put_indent(r, f);
    }
}

/* Sets nf's indentation to f's followed by nd's, stacked in r->ind (popped by the caller). */
static void push_indent(struct render *r, const struct frame *f, const struct node *nd,
                        struct frame *nf)
{
    if (nd->ind_len == 0) { /* the same indentation: share it */
        nf->ind_off = f->ind_off;
        nf->ind_len = f->ind_len;
        return;
    }
    nf->ind_off = r->ind.len;
    nf->ind_len = f->ind_len + nd->ind_len;
    buf_grow(&r->ind, nf->ind_len); /* first, as the outer indentation is copied from r->ind */
    if (f->ind_len)
        buf_append(&r->ind, r->ind.p + f->ind_off, f->ind_len);
    buf_append(&r->ind, nd->ind, nd->ind_len);
}

static int render_section(struct render *r, struct node *nd, const struct frame *f)
{
    json_t *v = lookup(f->ctx, &nd->key);
    if (nd->kind == K_INVERTED)
        return truthy(v) ? 0 : render_nodes(r, nd->kid, nd->nkid, f, false);
    if (!truthy(v))
        return 0;
    struct ctx c = {v, f->ctx};
    struct frame nf = *f;
    nf.ctx = &c;
    if (!json_is_array(v))
        return render_nodes(r, nd->kid, nd->nkid, &nf, false);
    size_t i;
    json_t *item;
    json_array_foreach(v, i, item) {
        c.v = item;
        int rc = render_nodes(r, nd->kid, nd->nkid, &nf, false);
        if (rc)
            return rc;
    }
    return 0;
}

/* The cache entry a partial or parent tag names, or NULL when a dynamic name resolves to none. */
static const struct entry *tag_entry(struct render *r, struct node *nd, const struct frame *f)
{
    if (nd->dynamic) {
        char num[40], *name;
        size_t len;
        const char *s = scalar_text(lookup(f->ctx, &nd->key), num, sizeof num, &len);
        if (!s || len == 0 || memchr(s, 0, len))
            return NULL;
        name = xstrndup(s, len);
        const struct entry *e = get_entry(r->set, name);
        free(name);
        return e;
    }
    const struct entry *e = atomic_load_explicit(&nd->memo, memory_order_acquire);
    if (!e) {
        e = get_entry(r->set, nd->str);
        atomic_store_explicit(&nd->memo, e, memory_order_release);
    }
    return e;
}

/* {{>name}} and {{<name}}...{{/name}}: another template, in the current context. */
static int render_include(struct render *r, struct node *nd, const struct frame *f)
{
    const struct entry *e = tag_entry(r, nd, f);
    if (e && e->err) {
        if (r->err)
            buf_puts(r->err, e->err);
        return TMPL_ESYNTAX;
    }
    if (!e || !e->t)
        return 0; /* the spec: an unknown partial or parent renders as empty text */
    if (r->depth >= MAX_DEPTH)
        return render_error(r, f, nd, "'%s' nested more than %d deep (it includes itself?)",
                            e->name, MAX_DEPTH);
    struct scope s = {nd, f->tname, f->scope};
    struct frame nf = {f->ctx, nd->kind == K_PARENT ? &s : f->scope, e->t->name, 0, 0};
    size_t mark = r->ind.len;
    if (nd->standalone) /* an inline partial is not indented, as in the spec's source model */
        push_indent(r, f, nd, &nf);
    r->depth++;
    int rc = render_nodes(r, e->t->kid, e->t->nkid, &nf, false);
    r->depth--;
    r->ind.len = mark;
    return rc;
}

/* The outermost argument for block name among the parents being expanded, or NULL. */
static struct node *find_override(const struct scope *s, const char *name,
                                  const struct scope **owner)
{
    struct node *found = NULL;
    for (; s; s = s->up) {
        for (size_t i = 0; i < s->parent->nkid; i++) {
            if (strcmp(s->parent->kid[i].str, name) == 0) {
                found = &s->parent->kid[i];
                *owner = s;
                break;
            }
        }
    }
    return found;
}

/* {{$name}}: the argument a parent passed for it, else the default content. */
static int render_block(struct render *r, struct node *nd, const struct frame *f)
{
    const struct scope *owner = NULL;
    struct node *arg = find_override(f->scope, nd->str, &owner);
    if (r->depth >= MAX_DEPTH)
        return render_error(r, f, nd, "block '%s' nested more than %d deep", nd->str, MAX_DEPTH);
    struct node *body = arg ? arg : nd;
    struct frame nf = *f;
    if (arg)
        nf.tname = owner->tname;
    size_t mark = r->ind.len;
    if (nd->standalone)
        push_indent(r, f, nd, &nf);
    r->depth++;
    int rc = render_nodes(r, body->kid, body->nkid, &nf, !nd->standalone);
    r->depth--;
    r->ind.len = mark;
    return rc;
}

static int render_node(struct render *r, struct node *nd, const struct frame *f)
{
    switch (nd->kind) {
    case K_TEXT: put_text(r, f, nd); return 0;
    case K_VAR: put_value(r, lookup(f->ctx, &nd->key), true); return 0;
    case K_RAW: put_value(r, lookup(f->ctx, &nd->key), false); return 0;
    case K_SECTION:
    case K_INVERTED: return render_section(r, nd, f);
    case K_PARTIAL:
    case K_PARENT: return render_include(r, nd, f);
    case K_BLOCK: return render_block(r, nd, f);
    default: return 0;
    }
}

/*
 * Renders a node list. skip_first_indent is for block content expanded inline: its first line
 * continues the line the block tag is on.
 */
static int render_nodes(struct render *r, struct node *v, size_t n, const struct frame *f,
                        bool skip_first_indent)
{
    for (size_t i = 0; i < n; i++) {
        if (v[i].bol && f->ind_len && !(i == 0 && skip_first_indent))
            put_indent(r, f);
        int rc = render_node(r, &v[i], f);
        if (rc)
            return rc;
    }
    return 0;
}

/* Renders t into out, leaving out as it was on error. */
static int render_tmpl(struct tmpl_set *set, const struct tmpl *t, json_t *data, struct buf *out,
                       struct buf *err)
{
    struct render r = {set, out, err, BUF_INIT, 0};
    struct ctx root = {data, NULL};
    struct frame f = {&root, NULL, t->name, 0, 0};
    size_t start = out->len;
    int rc = render_nodes(&r, t->kid, t->nkid, &f, false);
    buf_free(&r.ind);
    if (rc) {
        out->len = start;
        if (out->p)
            out->p[start] = 0;
    }
    return rc;
}

/*
 * Renders the template called name (compiled on first use and kept in the set) with data as the
 * root context, appending to out; see mustache.h.
 */
int tmpl_render(struct tmpl_set *set, const char *name, json_t *data, struct buf *out,
                struct buf *err)
{
    const struct entry *e = get_entry(set, name);
    int rc = entry_status(e, name, err);
    return rc ? rc : render_tmpl(set, e->t, data, out, err);
}

/*
 * Compiles src, renders it as tmpl_render does and throws the compiled form away. Messages name
 * the template "(source)".
 */
int tmpl_render_source(struct tmpl_set *set, const char *src, size_t n, json_t *data,
                       struct buf *out, struct buf *err)
{
    if (err)
        buf_reset(err);
    char *msg;
    struct tmpl *t = compile("(source)", src, n, set->raw_allowed, &msg);
    if (!t) {
        if (err)
            buf_puts(err, msg);
        free(msg);
        return TMPL_ESYNTAX;
    }
    int rc = render_tmpl(set, t, data, out, err);
    tmpl_free(t);
    return rc;
}
