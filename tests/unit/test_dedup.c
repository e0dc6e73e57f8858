/*
 * test_dedup.c: near-duplicates (src/import/dedup.c): a wire story and a paper's lightly edited
 * copy are found, two stories on one subject are not, short texts get no signature, and the
 * band index finds the copy among many.
 */
#include "import/dedup.h"
#include "base/buf.h"
#include "store/store.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

static const char wire[] =
    "أعلنت وزارة الطاقة اليوم توقيع اتفاقية لإنشاء محطة جديدة لتوليد الكهرباء من الرياح في "
    "المنطقة الجنوبية بقدرة ثلاثمئة ميغاواط، على أن يبدأ التشغيل التجريبي خلال عامين. وقال "
    "وزير الطاقة في مؤتمر صحفي إن المشروع سيوفر الكهرباء لنحو مئتي ألف منزل، ويخفض الانبعاثات "
    "بما يعادل نصف مليون طن سنويا، مضيفا أن التمويل يأتي من شراكة بين القطاعين العام والخاص.\n\n"
    "وأوضح الوزير أن المحطة ستضم ستين توربينا، وأن الأعمال الإنشائية ستوفر أكثر من ألف فرصة "
    "عمل مؤقتة، فيما ستحتاج المحطة بعد تشغيلها إلى مئة وخمسين موظفا دائما من أبناء المنطقة.";

/* The same story as a paper ran it: a day named, a verb changed, diacritics added. */
static const char copy[] =
    "أعلنت وزارة الطاقة، الأحد، توقيع اتفاقية لإنشاء محطة جديدة لتوليد الكهرباء من الرياح في "
    "المنطقة الجنوبية بقدرة ثلاثمئة ميغاواط، على أن يبدأ التشغيل التجريبي خلال عامين. وقال "
    "وزير الطاقة في مؤتمر صحفي إن المشروع سيوفّر الكهرباء لنحو مئتي ألف منزل، ويخفض الانبعاثات "
    "بما يعادل نصف مليون طن سنويا، وأضاف أن التمويل يأتي من شراكة بين القطاعين العام والخاص.\n\n"
    "وأوضح الوزير أن المحطة ستضم ستين توربينا، وأن الأعمال الإنشائية ستوفر أكثر من ألف فرصة "
    "عمل مؤقتة، فيما ستحتاج المحطة بعد تشغيلها إلى مئة وخمسين موظفا دائما من أبناء المنطقة.";

/* Another story on the same subject, in the same words often. */
static const char other[] =
    "افتتحت وزارة الطاقة اليوم أول محطة لتوليد الكهرباء من الطاقة الشمسية في المنطقة الشرقية "
    "بقدرة مئة ميغاواط، بعد عامين من الأعمال الإنشائية. وقال مدير المشروع إن المحطة تغذي "
    "الشبكة الوطنية منذ الشهر الماضي، وإن إنتاجها يكفي لنحو خمسين ألف منزل، مشيرا إلى أن "
    "الوزارة تدرس إنشاء محطتين أخريين في الجنوب خلال الأعوام المقبلة بتمويل من القطاع الخاص.\n\n"
    "وتعمل في المحطة ثمانون موظفا، وتخطط الوزارة لتدريب مئتي مهندس من أبناء المنطقة على "
    "تشغيل المحطات الشمسية وصيانتها بالتعاون مع الجامعات.";

static struct dedup_sig sig_of(const char *s)
{
    struct dedup_sig sig;
    cr_assert(dedup_signature(s, strlen(s), &sig), "no signature for %.40s", s);
    return sig;
}

Test(dedup, a_lightly_edited_copy_is_similar)
{
    struct dedup_sig a = sig_of(wire), b = sig_of(copy);
    double s = dedup_similarity(&a, &b);
    cr_expect_geq(s, DEDUP_SIMILARITY, "similarity %.2f", s);
    cr_expect_lt(s, 1.0, "an edited copy is not identical");
    struct dedup_sig same = sig_of(wire);
    cr_expect_eq(dedup_similarity(&a, &same), 1.0);
}

Test(dedup, another_story_on_the_subject_is_not)
{
    struct dedup_sig a = sig_of(wire), c = sig_of(other);
    cr_expect_lt(dedup_similarity(&a, &c), 0.2, "similarity %.2f", dedup_similarity(&a, &c));
}

Test(dedup, short_texts_have_no_signature)
{
    struct dedup_sig sig;
    const char *s = "تأهل المنتخب الوطني إلى نهائي البطولة العربية بعد فوزه بهدفين نظيفين.";
    cr_expect_not(dedup_signature(s, strlen(s), &sig));
    cr_expect_not(dedup_signature("", 0, &sig));
}

Test(dedup, the_index_finds_the_copy_among_many)
{
    struct dedup_index *x = dedup_new();
    /* A thousand unrelated stories (numbered sentences), then the wire story. */
    for (int i = 0; i < 1000; i++) {
        struct buf b = BUF_INIT;
        for (int w = 0; w < 60; w++)
            buf_printf(&b, "كلمة%d_%d ", i, w * 7 % 13 + w);
        struct dedup_sig sig;
        cr_assert(dedup_signature(b.p, b.len, &sig));
        dedup_add(x, &sig, 100 + i);
        buf_free(&b);
    }
    struct dedup_sig a = sig_of(wire), b = sig_of(copy), c = sig_of(other);
    cr_expect_eq(dedup_find(x, &b), 0, "nothing like it yet");
    dedup_add(x, &a, 7);
    cr_expect_eq(dedup_find(x, &b), 7);
    cr_expect_eq(dedup_find(x, &c), 0);
    dedup_free(x);
}

static void shingle(void *ctx, const char *norm, size_t n)
{
    dedup_word(ctx, norm, n);
}

Test(dedup, the_signature_made_with_the_index_tokens_is_the_same)
{
    /* Imports make the signature from the words the search tokenizer normalizes: it must be
     * the very signature dedup_signature() makes, or stored fingerprints would not compare. */
    struct dedup_sig alone = sig_of(copy), along;
    struct dedup_shingler sh;
    dedup_start(&sh, &along);
    struct buf tokens = BUF_INIT;
    store_index_tokens(&tokens, copy, strlen(copy), shingle, &sh);
    cr_expect(dedup_finish(&sh));
    cr_expect_gt(tokens.len, 0);
    cr_expect_eq(memcmp(&alone, &along, sizeof alone), 0);
    buf_free(&tokens);
}
