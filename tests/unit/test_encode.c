/* Unit tests of content codings (base/compress.c) and of choosing one, ETags and HTTP dates
 * (web/encode.c). */
#include "base/compress.h"
#include "web/encode.h"

#include <brotli/decode.h>
#include <criterion/criterion.h>
#include <string.h>
#include <zlib.h>

/* A page-like text: repetitive enough to compress, long enough to be worth it. */
static void sample(struct buf *b)
{
    for (int i = 0; i < 400; i++)
        buf_printf(b, "<li><a href=\"/a/%d/خبر-%d\">عنوان الخبر رقم %d</a></li>\n", i, i, i);
}

Test(compress, gzip_and_brotli_bodies_decode_to_the_same_bytes)
{
    struct buf plain = BUF_INIT, gz = BUF_INIT, br = BUF_INIT;
    sample(&plain);
    for (int effort = CODING_FAST; effort <= CODING_BEST; effort++) {
        buf_reset(&gz);
        buf_reset(&br);
        cr_assert_eq(compress_body(&gz, CODING_GZIP, effort, plain.p, plain.len), 0);
        cr_assert_eq(compress_body(&br, CODING_BR, effort, plain.p, plain.len), 0);
        cr_expect_lt(gz.len, plain.len / 4, "gzip: %zu of %zu", gz.len, plain.len);
        cr_expect_lt(br.len, gz.len, "brotli is smaller than gzip");

        /* gzip: zlib's inflate with the gzip wrapper (windowBits 16 + 15). */
        z_stream z;
        memset(&z, 0, sizeof z);
        cr_assert_eq(inflateInit2(&z, 16 + 15), Z_OK);
        char *out = malloc(plain.len + 16);
        z.next_in = (Bytef *)gz.p;
        z.avail_in = (uInt)gz.len;
        z.next_out = (Bytef *)out;
        z.avail_out = (uInt)(plain.len + 16);
        cr_assert_eq(inflate(&z, Z_FINISH), Z_STREAM_END);
        cr_assert_eq(z.total_out, plain.len);
        cr_assert_eq(memcmp(out, plain.p, plain.len), 0);
        inflateEnd(&z);

        size_t n = plain.len + 16;
        cr_assert_eq(BrotliDecoderDecompress(br.len, (const uint8_t *)br.p, &n, (uint8_t *)out),
                     BROTLI_DECODER_RESULT_SUCCESS);
        cr_assert_eq(n, plain.len);
        cr_assert_eq(memcmp(out, plain.p, plain.len), 0);
        free(out);
    }
    buf_free(&plain);
    buf_free(&gz);
    buf_free(&br);
}

Test(compress, text_types_are_worth_compressing_images_are_not)
{
    cr_expect(compress_worth("text/html; charset=utf-8"));
    cr_expect(compress_worth("text/css; charset=utf-8"));
    cr_expect(compress_worth("application/json; charset=utf-8"));
    cr_expect(compress_worth("application/rss+xml; charset=utf-8"));
    cr_expect(compress_worth("application/atom+xml"));
    cr_expect(compress_worth("image/svg+xml"));
    cr_expect(!compress_worth("image/png"));
    cr_expect(!compress_worth("font/woff2"));
    cr_expect(!compress_worth(NULL));
}

Test(encode, accept_encoding_prefers_br_then_gzip_and_honours_q_zero)
{
    cr_expect_eq(encode_choose(NULL), CODING_IDENTITY);
    cr_expect_eq(encode_choose(""), CODING_IDENTITY);
    cr_expect_eq(encode_choose("gzip, deflate, br"), CODING_BR);
    cr_expect_eq(encode_choose("gzip, deflate"), CODING_GZIP);
    cr_expect_eq(encode_choose("GZIP"), CODING_GZIP);
    cr_expect_eq(encode_choose("br;q=0, gzip"), CODING_GZIP);
    cr_expect_eq(encode_choose("br;q=0.0,gzip;q=0"), CODING_IDENTITY);
    cr_expect_eq(encode_choose("gzip;q=0.5, br;q=0.1"), CODING_BR, "any q above 0 takes br");
    cr_expect_eq(encode_choose("*"), CODING_BR);
    cr_expect_eq(encode_choose("*;q=0, gzip"), CODING_GZIP);
    cr_expect_eq(encode_choose("identity"), CODING_IDENTITY);
    cr_expect_eq(encode_choose("x-gzip, brotli"), CODING_IDENTITY, "names match whole");
}

Test(encode, etags_share_the_hash_and_differ_by_coding)
{
    char a[ENCODE_ETAG_SIZE], b[ENCODE_ETAG_SIZE], c[ENCODE_ETAG_SIZE];
    uint64_t h = encode_hash("page", 4);
    cr_expect_neq(h, encode_hash("pagf", 4));
    encode_etag(a, h, CODING_IDENTITY);
    encode_etag(b, h, CODING_GZIP);
    encode_etag(c, h, CODING_BR);
    cr_expect_eq(strlen(a), 18);
    cr_expect_eq(strncmp(a, b, 17), 0);
    cr_expect_str_eq(b + 17, "-gz\"");
    cr_expect_str_eq(c + 17, "-br\"");
}

Test(encode, http_dates_are_written_and_read_back)
{
    char d[ENCODE_DATE_SIZE];
    encode_http_date(d, 784111777);
    cr_expect_str_eq(d, "Sun, 06 Nov 1994 08:49:37 GMT");
    cr_expect_eq(encode_parse_http_date(d), 784111777);
    cr_expect_eq(encode_parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT"), -1);
    cr_expect_eq(encode_parse_http_date("yesterday"), -1);
    cr_expect_eq(encode_parse_http_date("Sun, 06 Foo 1994 08:49:37 GMT"), -1);
}

Test(compress, a_kept_body_gives_back_the_room_made_for_the_worst_case)
{
    struct buf plain = BUF_INIT, br = BUF_INIT;
    sample(&plain);
    cr_assert_eq(compress_body(&br, CODING_BR, CODING_FAST, plain.p, plain.len), 0);
    cr_expect_gt(br.cap, plain.len, "room for the worst case: %zu", br.cap);
    size_t len = br.len;
    char first = br.p[0];
    buf_fit(&br);
    cr_expect_eq(br.cap, len + 1);
    cr_expect_eq(br.len, len);
    cr_expect_eq(br.p[0], first);
    cr_expect_eq(br.p[len], 0);
    buf_free(&plain);
    buf_free(&br);
}
