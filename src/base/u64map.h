/*
 * u64map.h: a hash map from nonzero 64-bit keys to 64-bit values (open addressing, linear
 * probing, no deletion: callers rebuild a map to drop entries). Not thread-safe; callers lock.
 */
#ifndef SAHIFA_BASE_U64MAP_H
#define SAHIFA_BASE_U64MAP_H

#include <stddef.h>
#include <stdint.h>

struct u64map_entry {
    uint64_t key; /* 0: empty slot */
    int64_t value;
};

struct u64map {
    struct u64map_entry *slots;
    size_t cap; /* a power of two, or 0 */
    size_t len;
};

#define U64MAP_INIT                                                                                \
    {                                                                                              \
        NULL, 0, 0                                                                                 \
    }

/* The value slot for key, inserted with value 0 when absent. key must not be 0. The pointer is
 * valid until the next insertion. */
int64_t *u64map_put(struct u64map *m, uint64_t key);
/* The value slot for key, or NULL when absent. */
int64_t *u64map_get(const struct u64map *m, uint64_t key);
/* Frees the slots; the map is empty and reusable. */
void u64map_free(struct u64map *m);
/* Iteration: for (size_t i = 0; i < m.cap; i++) if (m.slots[i].key) ... */

/* A 64-bit hash of n bytes (FNV-1a), continuing from h (start with U64_HASH_SEED). */
uint64_t u64_hash(uint64_t h, const void *p, size_t n);
#define U64_HASH_SEED 14695981039346656037ull

#endif
