/*
 * stem.c: light stemming of normalized words (see stem.h).
 *
 * Arabic. Snowball's Arabic stemmer leaves والاتفاق whole and turns وكالة into كال; Larkey's
 * light10 strips blindly: a leading و always goes (وكالة again), and a leading ب ك ل never
 * does unless ال follows (so بدمج never meets دمج). This stemmer keeps light10's lists but:
 *
 *   1. strips a clitic + article combination (وال بال كال فال لل وبال فبال وكال ولل ...) when
 *      at least two letters remain: with ال after it the clitic reading is near certain;
 *   2. for a bare leading و or ف (conjunctions) and ب ك ل (prepositions), gives both readings,
 *      with and without the letter (at least three letters must remain), and the index holds
 *      both at one position (stem.h);
 *   3. strips the indefinite accusative's final ا (اتفاقاً), then light10's suffixes
 *      (ها ان ات ون ين يه ه ي, in that order, each at most once), keeping three letters.
 *
 * Every step works on the normalized word (ة is ه, ى is ي, hamza forms are bare), so the lists
 * need no variants. On the retrieval set (bench/search_quality.c, docs/PERFORMANCE.md) the
 * search built on it reaches MRR@10 0.854 and Recall@10 0.962, where the same set measured
 * 0.844/0.958 with light10 and 0.832/0.954 with Snowball; giving both readings (2) is worth
 * 0.012 of MRR, the accusative ا and the three-letter floor 0.006 together.
 */
#include "text/stem.h"
#include "base/buf.h"
#include "text/normalize.h"

#include <libstemmer.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* Arabic letters are two bytes each in UTF-8; words are compared as bytes. */
#define L(s) s, sizeof(s) - 1

struct affix {
    const char *s;
    size_t n;
};

static const struct affix articles[] = {
    {L("وبال")}, {L("فبال")}, {L("وكال")}, {L("فكال")}, {L("ولل")}, {L("فلل")},
    {L("وال")},  {L("فال")},  {L("بال")},  {L("كال")},  {L("لل")},  {L("ال")},
};

static const struct affix suffixes[] = {
    {L("ها")}, {L("ان")}, {L("ات")}, {L("ون")}, {L("ين")}, {L("يه")}, {L("ه")}, {L("ي")},
};

/* Arabic function words, as written (normalized once, at first use): Lucene's Arabic stop
 * list, with the question words a reader types into a search box (ماذا، متى، كيف…). The
 * list is kept in rows, not one word a line. */
/* clang-format off */
static const char *const stop_words[] = {
    "من", "ومن", "منها", "منه", "في", "وفي", "فيها", "فيه", "و", "ف", "ثم", "او", "أو", "ب",
    "بها", "به", "ا", "أ", "اي", "أي", "لا", "ولا", "الا", "ألا", "إلا", "لكن", "ما", "وما",
    "كما", "فما", "عن", "مع", "اذا", "إذا", "ان", "أن", "إن", "انها", "أنها", "إنها", "انه",
    "أنه", "إنه", "بان", "بأن", "فان", "فأن", "وان", "وأن", "وإن", "التي", "الذي", "الذين",
    "اللذان", "اللتان", "اللاتي", "اللواتي", "إلى", "على", "عليها", "عليه", "اما", "أما",
    "إما", "ايضا", "أيضا", "كل", "وكل", "لم", "ولم", "لن", "ولن", "هي", "هو", "وهي", "وهو",
    "فهي", "فهو", "هم", "هن", "هما", "انت", "أنت", "أنا", "نحن", "لك", "لها", "له", "هذه",
    "هذا", "تلك", "ذلك", "هؤلاء", "أولئك", "هناك", "هنا", "كانت", "كان", "يكون", "تكون",
    "وكانت", "وكان", "غير", "بعض", "قد", "لقد", "وقد", "نحو", "بين", "بينما", "منذ", "ضمن",
    "حيث", "الآن", "خلال", "بعد", "قبل", "حتى", "عند", "عندما", "لدى", "جميع", "ليس", "لما",
    "أم", "بل", "إذ", "ذو", "ذات", "تم", "يتم",
    /* questions */
    "ماذا", "بماذا", "لماذا", "متى", "كيف", "أين", "هل", "كم", "ماهو", "ماهي",
};
/* clang-format on */
enum { STOP_WORDS = sizeof stop_words / sizeof *stop_words };

static char *stop_normalized[STOP_WORDS];
static size_t stop_len[STOP_WORDS];
static pthread_once_t stop_once = PTHREAD_ONCE_INIT;

static void stop_words_normalize(void)
{
    for (int i = 0; i < STOP_WORDS; i++) {
        struct buf b = BUF_INIT;
        ar_normalize(&b, stop_words[i], strlen(stop_words[i]));
        stop_normalized[i] = buf_detach(&b, &stop_len[i]);
    }
}

static size_t chars(size_t bytes)
{
    return bytes / 2;
}

/* Affixes are Arabic letters, two bytes each, whose first bytes are nearly all alike: the
 * second byte rejects most words before a call to memcmp (which showed in imports' profile). */
static bool starts(const char *w, size_t n, const struct affix *a)
{
    return n >= a->n && w[1] == a->s[1] && memcmp(w, a->s, a->n) == 0;
}

static bool ends(const char *w, size_t n, const struct affix *a)
{
    return n >= a->n && w[n - 1] == a->s[a->n - 1] && memcmp(w + n - a->n, a->s, a->n) == 0;
}

/* True when every character of w is a two-byte Arabic-block letter. */
static bool all_arabic(const char *w, size_t n)
{
    if (n == 0 || n % 2)
        return false;
    for (size_t i = 0; i < n; i += 2) {
        unsigned char b = (unsigned char)w[i];
        if (b < 0xD8 || b > 0xDB || ((unsigned char)w[i + 1] & 0xC0) != 0x80)
            return false;
    }
    return true;
}

static void add(struct stems *out, const char *s, size_t n)
{
    for (int i = 0; i < out->n; i++)
        if (out->len[i] == n && memcmp(out->s[i], s, n) == 0)
            return;
    if (out->n == STEM_MAX || n >= STEM_BYTES)
        return;
    memcpy(out->s[out->n], s, n);
    out->s[out->n][n] = 0;
    out->len[out->n++] = n;
}

/* Adds w with its suffixes stripped: a final ا of the indefinite accusative (اتفاقاً is اتفاقا
 * once normalized) when three letters remain, then light10's list, each at most once and in
 * order, keeping at least three letters (light10 keeps two; three measured better). */
static void add_suffixed(struct stems *out, const char *w, size_t n)
{
    static const struct affix alef = {L("ا")};
    if (ends(w, n, &alef) && chars(n) >= 4)
        n -= alef.n;
    for (size_t i = 0; i < sizeof suffixes / sizeof *suffixes; i++)
        if (ends(w, n, &suffixes[i]) && chars(n - suffixes[i].n) >= 3)
            n -= suffixes[i].n;
    add(out, w, n);
}

static bool is_letter(const char *w, const char *letter)
{
    return memcmp(w, letter, 2) == 0;
}

/* A leading clitic + article combination's bytes, when two letters remain; w is Arabic. */
static size_t article_length(const char *w, size_t n)
{
    for (size_t i = 0; i < sizeof articles / sizeof *articles; i++)
        if (starts(w, n, &articles[i]) && chars(n - articles[i].n) >= 2)
            return articles[i].n;
    return 0;
}

size_t stem_article_length(const char *w, size_t n)
{
    return all_arabic(w, n) ? article_length(w, n) : 0;
}

static void arabic_stems(const char *w, size_t n, struct stems *out)
{
    size_t article = article_length(w, n);
    if (article) {
        add_suffixed(out, w + article, n - article);
        return;
    }
    add_suffixed(out, w, n);
    if (chars(n) < 4)
        return;
    if (is_letter(w, "و") || is_letter(w, "ف")) {
        add_suffixed(out, w + 2, n - 2);
        w += 2, n -= 2;
        if (chars(n) < 4)
            return;
    }
    if (is_letter(w, "ب") || is_letter(w, "ك") || is_letter(w, "ل"))
        add_suffixed(out, w + 2, n - 2);
}

/* Snowball's English stemmer, one per thread (a stemmer keeps state between calls). */
static pthread_key_t english_key;
static pthread_once_t english_once = PTHREAD_ONCE_INIT;

static void english_free(void *p)
{
    sb_stemmer_delete(p);
}

static void english_key_make(void)
{
    pthread_key_create(&english_key, english_free);
}

static struct sb_stemmer *english(void)
{
    pthread_once(&english_once, english_key_make);
    struct sb_stemmer *st = pthread_getspecific(english_key);
    if (!st) {
        st = sb_stemmer_new("english", "UTF_8");
        pthread_setspecific(english_key, st);
    }
    return st;
}

static bool has_latin(const char *w, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if ((w[i] >= 'a' && w[i] <= 'z'))
            return true;
    return false;
}

/* Cuts n to at most max bytes without splitting a UTF-8 sequence. */
static size_t cut(const char *w, size_t n, size_t max)
{
    if (n <= max)
        return n;
    n = max;
    while (n > 0 && ((unsigned char)w[n] & 0xC0) == 0x80)
        n--;
    return n;
}

void stem_word(const char *w, size_t n, struct stems *out)
{
    out->n = 0;
    n = cut(w, n, STEM_BYTES - 1);
    if (n == 0)
        return;
    if (all_arabic(w, n)) {
        arabic_stems(w, n, out);
        return;
    }
    struct sb_stemmer *en = has_latin(w, n) ? english() : NULL;
    if (en) {
        const sb_symbol *s = sb_stemmer_stem(en, (const sb_symbol *)w, (int)n);
        if (s) {
            add(out, (const char *)s, (size_t)sb_stemmer_length(en));
            return;
        }
    }
    add(out, w, n);
}

static bool is_stop(const char *w, size_t n)
{
    pthread_once(&stop_once, stop_words_normalize);
    for (int i = 0; i < STOP_WORDS; i++)
        if (stop_len[i] == n && memcmp(stop_normalized[i], w, n) == 0)
            return true;
    return false;
}

int stem_is_stop_word(const char *w, size_t n)
{
    if (is_stop(w, n))
        return 1;
    /* وما، فهل، ومن: a conjunction before a stop word */
    return n > 2 && (is_letter(w, "و") || is_letter(w, "ف")) && is_stop(w + 2, n - 2);
}
