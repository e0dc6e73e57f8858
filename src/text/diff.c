/* diff.c: a line diff by longest common subsequence (see diff.h). */
#include "text/diff.h"
#include "base/mem.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct lines {
    const char **start;
    size_t *len;
    size_t n;
};

static struct lines split(const char *s)
{
    struct lines l = {NULL, NULL, 0};
    size_t cap = 0;
    while (s && *s) {
        const char *nl = strchr(s, '\n');
        size_t n = nl ? (size_t)(nl - s) : strlen(s);
        if (l.n == cap) {
            cap = cap ? cap * 2 : 64;
            l.start = xrealloc(l.start, cap * sizeof *l.start);
            l.len = xrealloc(l.len, cap * sizeof *l.len);
        }
        l.start[l.n] = s;
        l.len[l.n++] = n && s[n - 1] == '\r' ? n - 1 : n;
        s = nl ? nl + 1 : s + n;
    }
    return l;
}

static bool same(const struct lines *a, size_t i, const struct lines *b, size_t j)
{
    return a->len[i] == b->len[j] && memcmp(a->start[i], b->start[j], a->len[i]) == 0;
}

void diff_lines(const char *old_text, const char *new_text, diff_fn fn, void *ctx)
{
    struct lines a = split(old_text), b = split(new_text);
    if (a.n > DIFF_MAX_LINES || b.n > DIFF_MAX_LINES) {
        for (size_t i = 0; i < a.n; i++)
            fn(ctx, DIFF_REMOVED, a.start[i], a.len[i]);
        for (size_t j = 0; j < b.n; j++)
            fn(ctx, DIFF_ADDED, b.start[j], b.len[j]);
        goto out;
    }
    /* lcs[i][j]: the longest common subsequence of a[i..] and b[j..]. */
    size_t w = b.n + 1;
    uint32_t *lcs = xcalloc((a.n + 1) * w, sizeof *lcs);
    for (size_t i = a.n; i-- > 0;)
        for (size_t j = b.n; j-- > 0;)
            lcs[i * w + j] = same(&a, i, &b, j) ? lcs[(i + 1) * w + j + 1] + 1
                             : lcs[(i + 1) * w + j] >= lcs[i * w + j + 1] ? lcs[(i + 1) * w + j]
                                                                          : lcs[i * w + j + 1];
    size_t i = 0, j = 0;
    while (i < a.n || j < b.n) {
        if (i < a.n && j < b.n && same(&a, i, &b, j)) {
            fn(ctx, DIFF_SAME, a.start[i], a.len[i]);
            i++, j++;
        } else if (i < a.n && (j == b.n || lcs[(i + 1) * w + j] >= lcs[i * w + j + 1])) {
            /* Removed before added, as diffs are read. */
            fn(ctx, DIFF_REMOVED, a.start[i], a.len[i]);
            i++;
        } else {
            fn(ctx, DIFF_ADDED, b.start[j], b.len[j]);
            j++;
        }
    }
    free(lcs);
out:
    free(a.start);
    free(a.len);
    free(b.start);
    free(b.len);
}
