/*
 * fuzz.h: what the libFuzzer targets of tests/fuzz/ share: a check that aborts with a message
 * (libFuzzer then saves the input as a crash), and an HTML checker for what our own renderers
 * write, so a target finds output that would be unsafe in a page, not only crashes.
 *
 * Each target is one file, fuzz_NAME.c, with its seeds in tests/fuzz/corpus/NAME/ (make fuzz,
 * make fuzz-check; docs/ARCHITECTURE.md, "Tests").
 */
#ifndef SAHIFA_TESTS_FUZZ_H
#define SAHIFA_TESTS_FUZZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Aborts, saying which invariant broke, when cond is false. */
#define FUZZ_CHECK(cond, ...)                                                                      \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "%s:%d: check failed: %s: ", __FILE__, __LINE__, #cond);               \
            fprintf(stderr, __VA_ARGS__);                                                          \
            fputc('\n', stderr);                                                                   \
            abort();                                                                               \
        }                                                                                          \
    } while (0)

static inline bool fuzz_in(const char *w, size_t n, const char *const *list)
{
    for (; *list; list++)
        if (strlen(*list) == n && strncmp(*list, w, n) == 0)
            return true;
    return false;
}

static inline bool fuzz_lower_prefix(const char *s, size_t n, const char *lower)
{
    size_t k = strlen(lower);
    if (n < k)
        return false;
    for (size_t i = 0; i < k; i++)
        if ((char)(s[i] | (s[i] >= 'A' && s[i] <= 'Z' ? 0x20 : 0)) != lower[i])
            return false;
    return true;
}

/*
 * Whether a URL attribute's value (as written, HTML-escaped) is one a page may link: the value
 * decoded as a browser decodes it (the escapes our writers use), then read as the WHATWG URL
 * parser reads a scheme (leading controls and spaces skipped, tabs and newlines dropped): no
 * scheme, or http, https or mailto (those in allowed_schemes).
 */
static inline bool fuzz_url_ok(const char *v, size_t n, const char *const *allowed_schemes)
{
    char u[64];
    size_t k = 0;
    for (size_t i = 0; i < n && k < sizeof u - 1;) {
        char c = v[i];
        size_t used = 1;
        if (c == '&') {
            static const struct {
                const char *e;
                char c;
            } ents[] = {
                {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&#39;", '\''}};
            bool found = false;
            for (size_t e = 0; e < sizeof ents / sizeof *ents; e++) {
                size_t el = strlen(ents[e].e);
                if (n - i >= el && memcmp(v + i, ents[e].e, el) == 0) {
                    c = ents[e].c;
                    used = el;
                    found = true;
                }
            }
            FUZZ_CHECK(found, "an '&' in a URL attribute that is not one of our escapes");
        }
        i += used;
        if (c == '\t' || c == '\n' || c == '\r')
            continue;
        if (k == 0 && (unsigned char)c <= 0x20)
            continue;
        u[k++] = c;
    }
    size_t colon = 0;
    while (colon < k && u[colon] != ':' && u[colon] != '/' && u[colon] != '?' && u[colon] != '#')
        colon++;
    if (colon == 0 || colon == k || u[colon] != ':')
        return true; /* no scheme ("x", ":x" is a relative path): relative */
    for (size_t i = 0; i < colon; i++) {
        char c = u[i];
        bool alpha = (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
        if (!(alpha || (i > 0 && ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.'))))
            return true; /* not a scheme */
    }
    for (const char *const *s = allowed_schemes; *s; s++)
        if (strlen(*s) == colon && fuzz_lower_prefix(u, k, *s))
            return true;
    return false;
}

/*
 * Checks HTML that one of our renderers wrote: every '<' opens or closes a tag named in tags,
 * with only the attributes named in attrs, each double-quoted with no '"' or '<' inside; the
 * values of href and src are URLs fuzz_url_ok() accepts; no '>' outside a tag that a tag could
 * have swallowed. Aborts on the first thing wrong.
 */
static inline void fuzz_check_html(const char *h, size_t n, const char *const *tags,
                                   const char *const *attrs, const char *const *schemes)
{
    for (size_t i = 0; i < n; i++) {
        if (h[i] == '>')
            FUZZ_CHECK(false, "a '>' outside a tag at %zu: %.*s", i, (int)(n - i < 60 ? n - i : 60),
                       h + i);
        if (h[i] != '<')
            continue;
        size_t p = i + 1;
        if (p < n && h[p] == '/')
            p++;
        size_t name = p;
        while (p < n && ((h[p] >= 'a' && h[p] <= 'z') || (h[p] >= '0' && h[p] <= '9')))
            p++;
        FUZZ_CHECK(fuzz_in(h + name, p - name, tags), "tag <%.*s> is not one we write",
                   (int)(p - name), h + name);
        while (p < n && h[p] != '>') {
            FUZZ_CHECK(h[p] == ' ', "bad byte in tag at %zu", p);
            size_t an = ++p;
            while (p < n && h[p] >= 'a' && h[p] <= 'z')
                p++;
            FUZZ_CHECK(fuzz_in(h + an, p - an, attrs), "attribute %.*s is not one we write",
                       (int)(p - an), h + an);
            FUZZ_CHECK(p + 1 < n && h[p] == '=' && h[p + 1] == '"', "attribute not quoted");
            size_t v = p + 2, e = v;
            while (e < n && h[e] != '"') {
                FUZZ_CHECK(h[e] != '<' && h[e] != '>', "'<' or '>' inside an attribute value");
                e++;
            }
            FUZZ_CHECK(e < n, "attribute value never closed");
            bool url = (p - an == 4 && memcmp(h + an, "href", 4) == 0) ||
                       (p - an == 3 && memcmp(h + an, "src", 3) == 0);
            if (url)
                FUZZ_CHECK(fuzz_url_ok(h + v, e - v, schemes), "unsafe URL: %.*s", (int)(e - v),
                           h + v);
            p = e + 1;
        }
        FUZZ_CHECK(p < n, "tag never closed");
        i = p;
    }
}

#endif
