/*
 * dedup.h: near-duplicate articles (wire copies of one story, lightly edited by each paper).
 *
 * MinHash over the body's normalized word shingles (three words each): a signature of
 * DEDUP_HASHES minimums, one per hash function, whose share of equal entries estimates the
 * Jaccard similarity of two texts' shingle sets. Two bodies that share at least
 * DEDUP_SIMILARITY of their shingles are near-duplicates. The title is left out: papers retitle
 * the wire's story. An index of bands (DEDUP_BANDS of DEDUP_HASHES / DEDUP_BANDS entries each,
 * locality-sensitive hashing) finds the candidates without comparing every pair: two texts of
 * similarity 0.6 share a band with probability 0.89, of 0.7 with 0.99, of 0.3 with 0.12.
 *
 * SimHash (64 bits, within 3 bits) was tried first and missed real wire copies: in a news
 * story of ninety words, changing four already moves its fingerprint seven bits.
 */
#ifndef SAHIFA_IMPORT_DEDUP_H
#define SAHIFA_IMPORT_DEDUP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum { DEDUP_HASHES = 64, DEDUP_BANDS = 16, DEDUP_MIN_WORDS = 40, DEDUP_SHINGLE = 3 };
#define DEDUP_SIMILARITY 0.6

struct dedup_sig {
    uint32_t h[DEDUP_HASHES];
};

/* The signature of a body; false when it has fewer than DEDUP_MIN_WORDS words (short texts
 * look alike for no reason). */
bool dedup_signature(const char *text, size_t n, struct dedup_sig *out);

/* The same, made from the body's words already split and normalized (words_each(),
 * ar_normalize()), as the search index's tokenizer has them: imports do both at once. */
struct dedup_shingler {
    uint64_t words[DEDUP_SHINGLE]; /* hashes of the last words, oldest first */
    int seen;
    struct dedup_sig *sig;
};
void dedup_start(struct dedup_shingler *sh, struct dedup_sig *out);
void dedup_word(struct dedup_shingler *sh, const char *norm, size_t n);
bool dedup_finish(struct dedup_shingler *sh);
/* The estimated Jaccard similarity of two signatures, 0 to 1. */
double dedup_similarity(const struct dedup_sig *a, const struct dedup_sig *b);

struct dedup_index;
struct dedup_index *dedup_new(void);
void dedup_free(struct dedup_index *x);
/* Remembers an article's signature. */
void dedup_add(struct dedup_index *x, const struct dedup_sig *sig, int64_t id);
/* The remembered article most similar to sig, if at least DEDUP_SIMILARITY, else 0. */
int64_t dedup_find(const struct dedup_index *x, const struct dedup_sig *sig);

#endif
