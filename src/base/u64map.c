/* u64map.c: the open-addressing map of 64-bit keys (see u64map.h). */
#include "base/u64map.h"
#include "base/mem.h"

#include <assert.h>
#include <stdlib.h>

static size_t slot_of(uint64_t key, size_t cap)
{
    /* Keys are often small sequential ids: mix them so they spread over the table. */
    key ^= key >> 33;
    key *= 0xff51afd7ed558ccdull;
    key ^= key >> 33;
    return (size_t)key & (cap - 1);
}

static void grow(struct u64map *m)
{
    size_t cap = m->cap ? m->cap * 2 : 64;
    struct u64map_entry *slots = xcalloc(cap, sizeof *slots);
    for (size_t i = 0; i < m->cap; i++) {
        if (!m->slots[i].key)
            continue;
        size_t j = slot_of(m->slots[i].key, cap);
        while (slots[j].key)
            j = (j + 1) & (cap - 1);
        slots[j] = m->slots[i];
    }
    free(m->slots);
    m->slots = slots;
    m->cap = cap;
}

int64_t *u64map_put(struct u64map *m, uint64_t key)
{
    assert(key != 0);
    if ((m->len + 1) * 4 > m->cap * 3)
        grow(m);
    size_t j = slot_of(key, m->cap);
    while (m->slots[j].key && m->slots[j].key != key)
        j = (j + 1) & (m->cap - 1);
    if (!m->slots[j].key) {
        m->slots[j].key = key;
        m->slots[j].value = 0;
        m->len++;
    }
    return &m->slots[j].value;
}

int64_t *u64map_get(const struct u64map *m, uint64_t key)
{
    if (!m->cap)
        return NULL;
    size_t j = slot_of(key, m->cap);
    while (m->slots[j].key) {
        if (m->slots[j].key == key)
            return &m->slots[j].value;
        j = (j + 1) & (m->cap - 1);
    }
    return NULL;
}

void u64map_free(struct u64map *m)
{
    free(m->slots);
    m->slots = NULL;
    m->cap = m->len = 0;
}

uint64_t u64_hash(uint64_t h, const void *p, size_t n)
{
    const unsigned char *s = p;
    for (size_t i = 0; i < n; i++)
        h = (h ^ s[i]) * 1099511628211ull;
    return h;
}
