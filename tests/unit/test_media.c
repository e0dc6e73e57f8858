/* Unit tests of media/: type sniffing, processing with libvips on generated images (sizes,
 * rotation, metadata stripped, bombs and broken files refused), the social crop, storage in a
 * folder and in the database, and the library's rows in store/media.c. */
#include "testdb.h"

#include "media/process.h"
#include "media/sniff.h"
#include "media/storage.h"
#include "text/normalize.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <vips/vips.h>

TestSuite(media, .init = test_db_open, .fini = test_db_close);

static const char HASH[] = "0123456789abcdef0123456789abcdef";

/* A temporary file name for this test. */
static char *tmp_path(const char *ext)
{
    static int n;
    char *p = malloc(256);
    snprintf(p, 256, "/tmp/sahifa-test-media-%d-%d.%s", (int)getpid(), n++, ext);
    return p;
}

/* A w x h photo-like image (a colour gradient with a pattern), saved as path (its suffix picks
 * the format). */
static void make_image(const char *path, int w, int h)
{
    cr_assert_eq(media_init(0), 0);
    VipsImage *xyz, *scaled, *rgb;
    cr_assert_eq(vips_xyz(&xyz, w, h, NULL), 0);
    double a[] = {255.0 / w, 255.0 / h}, b[] = {0, 0};
    cr_assert_eq(vips_linear(xyz, &scaled, a, b, 2, "uchar", TRUE, NULL), 0);
    VipsImage *bands[3] = {scaled, scaled, scaled};
    VipsImage *one, *two;
    cr_assert_eq(vips_extract_band(scaled, &one, 0, NULL), 0);
    cr_assert_eq(vips_extract_band(scaled, &two, 1, NULL), 0);
    bands[0] = one, bands[1] = two, bands[2] = one;
    cr_assert_eq(vips_bandjoin(bands, &rgb, 3, NULL), 0);
    rgb->Type = VIPS_INTERPRETATION_sRGB;
    cr_assert_eq(vips_image_write_to_file(rgb, path, NULL), 0, "%s", vips_error_buffer());
    g_object_unref(xyz), g_object_unref(scaled), g_object_unref(one), g_object_unref(two);
    g_object_unref(rgb);
}

static const struct media_file *file_named(const struct media_output *o, const char *suffix)
{
    for (int i = 0; i < o->nfiles; i++) {
        size_t n = strlen(o->files[i].name), k = strlen(suffix);
        if (n >= k && strcmp(o->files[i].name + n - k, suffix) == 0)
            return &o->files[i];
    }
    return NULL;
}

Test(media, sniff_decides_from_bytes_not_names)
{
    cr_assert_eq(media_sniff("\xFF\xD8\xFF\xE0", 4), MEDIA_JPEG);
    cr_assert_eq(media_sniff("\x89PNG\r\n\x1a\n....", 12), MEDIA_PNG);
    cr_assert_eq(media_sniff("GIF89a....", 10), MEDIA_GIF);
    cr_assert_eq(media_sniff("RIFF\0\0\0\0WEBPVP8 ", 16), MEDIA_WEBP);
    cr_assert_eq(media_sniff("\0\0\0\x18"
                             "ftypavif\0\0\0\0avifmif1",
                             24),
                 MEDIA_AVIF);
    cr_assert_eq(media_sniff("\0\0\0\x14"
                             "ftypheic\0\0\0\0mif1",
                             20),
                 MEDIA_HEIF);
    cr_assert_eq(media_sniff("", 0), MEDIA_EMPTY);
    const char svg[] =
        "\xEF\xBB\xBF<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"/>";
    cr_assert_eq(media_sniff(svg, sizeof svg - 1), MEDIA_SVG);
    const char html[] = "  <!doctype html><html><script>alert(1)</script>";
    cr_assert_eq(media_sniff(html, sizeof html - 1), MEDIA_HTML);
    cr_assert_eq(media_sniff("just text", 9), MEDIA_UNKNOWN);
    cr_assert_not(media_type_ok(MEDIA_SVG));
    cr_assert(media_type_ok(MEDIA_WEBP));
    cr_assert_str_eq(media_type_mime(MEDIA_PNG), "image/png");
}

Test(media, a_photo_is_made_at_every_width_below_its_own_as_webp_and_jpeg)
{
    char *path = tmp_path("jpg");
    make_image(path, 1500, 1000);
    struct media_output o;
    cr_assert_eq(media_process(path, HASH, 50, 50, &o), 0, "%s", o.message);
    cr_assert_eq(o.width, 1500);
    cr_assert_eq(o.height, 1000);
    int expected[] = {320, 640, 960, 1280, 1500};
    cr_assert_eq(o.nwidths, 5);
    for (int i = 0; i < 5; i++)
        cr_assert_eq(o.widths[i], expected[i]);
    cr_assert_eq(o.nfiles, 11);
    const struct media_file *w640 = file_named(&o, "-640.webp");
    cr_assert(w640);
    cr_assert_str_eq(w640->name, "0123456789abcdef0123456789abcdef-640.webp");
    cr_assert_eq(w640->width, 640);
    cr_assert_eq(w640->height, 427);
    cr_assert_eq(media_sniff(w640->data, w640->len), MEDIA_WEBP);
    const struct media_file *j1500 = file_named(&o, "-1500.jpg");
    cr_assert(j1500, "the image's own width is the largest, never upscaled to 1920");
    cr_assert_eq(media_sniff(j1500->data, j1500->len), MEDIA_JPEG);
    cr_assert_null(file_named(&o, "-1920.jpg"));
    const struct media_file *social = &o.files[o.nfiles - 1];
    cr_assert_str_eq(social->name, "0123456789abcdef0123456789abcdef-social-50-50.jpg");
    cr_assert_eq(social->width, 1200);
    cr_assert_eq(social->height, 630);
    media_output_free(&o);
    unlink(path);
    free(path);
}

Test(media, a_small_image_is_never_upscaled)
{
    char *path = tmp_path("png");
    make_image(path, 200, 100);
    struct media_output o;
    cr_assert_eq(media_process(path, HASH, 50, 50, &o), 0, "%s", o.message);
    cr_assert_eq(o.nwidths, 1);
    cr_assert_eq(o.widths[0], 200);
    cr_assert_eq(o.files[0].width, 200);
    cr_assert_eq(o.files[o.nfiles - 1].width, 190, "the social crop is not upscaled either");
    cr_assert_eq(o.files[o.nfiles - 1].height, 100);
    media_output_free(&o);
    unlink(path);
    free(path);
}

/* Runs a shell command; false when it fails. */
static bool run(const char *cmd)
{
    return system(cmd) == 0;
}

Test(media, exif_gps_is_stripped_and_orientation_applied)
{
    if (!run("command -v exiftool >/dev/null 2>&1")) {
        cr_skip_test("exiftool is not installed (Debian libimage-exiftool-perl): GPS check "
                     "skipped");
    }
    char *path = tmp_path("jpg");
    make_image(path, 800, 600);
    char cmd[512];
    snprintf(cmd, sizeof cmd,
             "exiftool -q -overwrite_original -GPSLatitude=33.8938 -GPSLatitudeRef=N "
             "-GPSLongitude=35.5018 -GPSLongitudeRef=E -Orientation#=6 -Make=TestCam %s",
             path);
    cr_assert(run(cmd));
    snprintf(cmd, sizeof cmd, "exiftool -s -s -s -GPSLatitude %s | grep -q .", path);
    cr_assert(run(cmd), "the test photo carries a GPS position before upload");

    struct media_output o;
    cr_assert_eq(media_process(path, HASH, 50, 50, &o), 0, "%s", o.message);
    cr_assert_eq(o.width, 600, "orientation 6 turns the photo upright: 600 wide");
    cr_assert_eq(o.height, 800);
    for (int i = 0; i < o.nfiles; i++) {
        const struct media_file *f = &o.files[i];
        cr_assert(memmem(f->data, f->len, "TestCam", 7) == NULL, "%s keeps the EXIF", f->name);
        char *out = tmp_path(strstr(f->name, ".webp") ? "webp" : "jpg");
        FILE *fp = fopen(out, "wb");
        fwrite(f->data, 1, f->len, fp);
        fclose(fp);
        snprintf(cmd, sizeof cmd, "exiftool -s -s -s -GPS:all -Make %s | grep -q .", out);
        cr_assert_not(run(cmd), "%s still has GPS or camera tags", f->name);
        /* WebP's saver writes a minimal EXIF block of its own (resolution, orientation 1). */
        snprintf(cmd, sizeof cmd, "exiftool -n -s -s -s -Orientation %s | grep -qv '^1$'", out);
        cr_assert_not(run(cmd), "%s is still marked rotated", f->name);
        unlink(out);
        free(out);
    }
    media_output_free(&o);
    unlink(path);
    free(path);
}

Test(media, a_colour_profile_is_kept)
{
    char *path = tmp_path("jpg");
    make_image(path, 400, 300);
    char cmd[512];
    /* libvips attaches its built-in sRGB profile on an icc_transform with embedding on. */
    char *with = tmp_path("jpg");
    snprintf(cmd, sizeof cmd,
             "vips icc_transform %s %s[strip=false] srgb --embedded >/dev/null 2>&1", path, with);
    if (!run(cmd) || !run("command -v exiftool >/dev/null 2>&1"))
        cr_skip_test("vips or exiftool is not installed: profile check skipped");
    snprintf(cmd, sizeof cmd, "exiftool -s -s -s -ProfileDescription %s | grep -q .", with);
    if (!run(cmd))
        cr_skip_test("this libvips embeds no profile: profile check skipped");
    struct media_output o;
    cr_assert_eq(media_process(with, HASH, 50, 50, &o), 0, "%s", o.message);
    const struct media_file *j = file_named(&o, "-400.jpg");
    char *out = tmp_path("jpg");
    FILE *fp = fopen(out, "wb");
    fwrite(j->data, 1, j->len, fp);
    fclose(fp);
    snprintf(cmd, sizeof cmd, "exiftool -s -s -s -ProfileDescription %s | grep -q .", out);
    cr_assert(run(cmd), "the colour profile was stripped with the rest");
    media_output_free(&o);
    unlink(out), unlink(with), unlink(path);
    free(out), free(with), free(path);
}

Test(media, a_decompression_bomb_is_refused_from_its_header)
{
    /* A PNG header claiming 30,000 x 30,000 pixels, with next to no data after it. */
    static const unsigned char png[] = {
        0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48,
        0x44, 0x52, 0x00, 0x00, 0x75, 0x30, 0x00, 0x00, 0x75, 0x30, 0x08, 0x02, 0x00, 0x00,
        0x00, 0xe9, 0x45, 0x6f, 0xed, 0x00, 0x00, 0x00, 0x0c, 0x49, 0x44, 0x41, 0x54, 0x78,
        0x9c, 0x63, 0x60, 0xa0, 0x0c, 0x00, 0x00, 0x00, 0x40, 0x00, 0x01, 0xb7, 0x34, 0x7c,
        0xef, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82};
    char *path = tmp_path("png");
    FILE *fp = fopen(path, "wb");
    fwrite(png, 1, sizeof png, fp);
    fclose(fp);
    struct media_output o;
    int rc = media_process(path, HASH, 50, 50, &o);
    cr_assert_eq(rc, -1);
    cr_assert_str_eq(o.code, "too_many_pixels");
    cr_assert(strstr(o.message, "30000×30000"), "%s", o.message);
    cr_assert_eq(o.nfiles, 0);
    media_output_free(&o);
    unlink(path);
    free(path);
}

Test(media, the_pixel_limit_is_checked_before_decoding)
{
    char *path = tmp_path("png");
    make_image(path, 3000, 2000);
    cr_assert_eq(media_init(5000000), 0);
    struct media_output o;
    int rc = media_process(path, HASH, 50, 50, &o);
    media_init(MEDIA_MAX_PIXELS_DEFAULT);
    cr_assert_eq(rc, -1);
    cr_assert_str_eq(o.code, "too_many_pixels");
    cr_assert(strstr(o.message, "3000×2000"), "%s", o.message);
    cr_assert_eq(o.nfiles, 0);
    unlink(path);
    free(path);
}

Test(media, a_truncated_file_is_refused_not_shown_half_grey)
{
    char *path = tmp_path("jpg");
    make_image(path, 1600, 1200);
    FILE *fp = fopen(path, "rb");
    fseek(fp, 0, SEEK_END);
    long n = ftell(fp);
    fclose(fp);
    cr_assert_eq(truncate(path, n / 2), 0);
    struct media_output o;
    cr_assert_eq(media_process(path, HASH, 50, 50, &o), -1);
    cr_assert_str_eq(o.code, "corrupt");
    cr_assert_eq(o.nfiles, 0);
    unlink(path);
    free(path);
}

Test(media, the_social_crop_follows_the_focal_point)
{
    char *path = tmp_path("png");
    make_image(path, 2400, 2400); /* brighter to the right (band 0 grows with x) */
    struct media_output o;
    cr_assert_eq(media_process(path, HASH, 50, 100, &o), 0);
    const struct media_file *j = file_named(&o, "-1920.jpg");
    struct media_file top, bottom;
    const char *code, *message;
    cr_assert_eq(media_social(j->data, j->len, HASH, 50, 0, &top, &code, &message), 0);
    cr_assert_eq(media_social(j->data, j->len, HASH, 50, 100, &bottom, &code, &message), 0);
    cr_assert_str_eq(top.name, "0123456789abcdef0123456789abcdef-social-50-0.jpg");
    VipsImage *a = vips_image_new_from_buffer(top.data, top.len, "", NULL);
    VipsImage *b = vips_image_new_from_buffer(bottom.data, bottom.len, "", NULL);
    double ma, mb;
    VipsImage *ga, *gb;
    vips_extract_band(a, &ga, 1, NULL), vips_extract_band(b, &gb, 1, NULL);
    vips_avg(ga, &ma, NULL), vips_avg(gb, &mb, NULL);
    cr_assert_gt(mb, ma + 50, "the bottom crop (%f) is brighter than the top one (%f)", mb, ma);
    g_object_unref(a), g_object_unref(b), g_object_unref(ga), g_object_unref(gb);
    media_file_free(&top), media_file_free(&bottom);
    media_output_free(&o);
    unlink(path);
    free(path);
}

Test(media, names_are_checked_before_any_path_is_made)
{
    cr_assert(media_name_ok("0123456789abcdef0123456789abcdef-640.webp"));
    cr_assert(media_name_ok("0123456789abcdef0123456789abcdef-social-50-20.jpg"));
    cr_assert_not(media_name_ok("0123456789abcdef0123456789abcdef-640.png"));
    cr_assert_not(media_name_ok("../23456789abcdef0123456789abcdef-640.jpg"));
    cr_assert_not(media_name_ok("0123456789ABCDEF0123456789abcdef-640.jpg"));
    cr_assert_not(media_name_ok("0123456789abcdef0123456789abcdef-640.jpg/x"));
    cr_assert_not(media_name_ok("0123456789abcdef0123456789abcdef-.jpg"));
    char *d = media_default_dir("/srv/news.db");
    cr_assert_str_eq(d, "/srv/news-media");
    free(d);
}

static void storage_round_trip(void)
{
    const char *name = "0123456789abcdef0123456789abcdef-320.jpg";
    cr_assert_eq(media_put(db, name, "bytes", 5), 0);
    cr_assert_eq(media_put(db, name, "bytes", 5), 0, "the same name twice is stored once");
    void *p;
    size_t n;
    cr_assert_eq(media_get(db, name, &p, &n), 0);
    cr_assert_eq(n, 5);
    cr_assert_eq(memcmp(p, "bytes", 5), 0);
    free(p);
    cr_assert_eq(media_remove(db, name), 0);
    cr_assert_eq(media_get(db, name, &p, &n), 1);
    cr_assert_eq(media_put(db, "../../etc/passwd", "x", 1), -1);
}

Test(media, storage_in_a_folder)
{
    char dir[] = "/tmp/sahifa-test-media-XXXXXX";
    cr_assert(mkdtemp(dir));
    cr_assert_eq(media_storage_folder(dir), 0);
    storage_round_trip();
    char cmd[256];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    run(cmd);
    media_storage_database();
}

Test(media, storage_in_the_database)
{
    media_storage_database();
    storage_round_trip();
}

Test(media, the_library_finds_words_across_spellings_and_refuses_deleting_a_used_image)
{
    struct media_in in = {.hash = HASH,
                          .mime = "image/jpeg",
                          .bytes = 10,
                          .width = 800,
                          .height = 600,
                          .widths = "320,640,800",
                          .alt = "مؤتمر صحفي في بيروت",
                          .caption = "الرئيس يتحدث",
                          .credit = "وكالة الأنباء",
                          .focal_x = 50,
                          .focal_y = 50};
    int64_t id = 0, found = 0;
    cr_assert_eq(store_media_add(db, &in, 1000, &id), DB_OK);
    cr_assert_eq(store_media_add(db, &in, 1000, &found), DB_CONSTRAINT, "one row per photo");
    cr_assert_eq(store_media_by_hash(db, HASH, &found), DB_OK);
    cr_assert_eq(found, id);

    struct buf q = BUF_INIT;
    ar_normalize(&q, "مُؤتمَر", strlen("مُؤتمَر"));
    struct media_filter f = {.q = buf_str(&q), .limit = 10};
    json_t *rows;
    int64_t total;
    cr_assert_eq(store_media_list(db, &f, &rows, &total), DB_OK);
    cr_assert_eq(total, 1, "harakat and hamza forms find the alt text");
    json_decref(rows);
    buf_free(&q);
    f.q = "100%";
    cr_assert_eq(store_media_list(db, &f, &rows, &total), DB_OK);
    cr_assert_eq(total, 0);
    json_decref(rows);

    struct article_in a = {
        .title = "مقال", .body = "نص\n\n![صورة](media:999)", .status = "draft", .image_id = id};
    int64_t article = 0;
    cr_assert_eq(store_article_add(db, &a, 1000, &article), DB_OK);
    json_t *m = READ(store_media_get(db, id, &_out));
    cr_assert_eq(json_integer_value(json_object_get(m, "uses")), 1);
    json_decref(m);
    cr_assert_eq(store_media_delete(db, id), DB_CONSTRAINT);
    cr_assert_eq(store_article_set_image(db, article, 0), DB_OK);
    cr_assert_eq(store_media_delete(db, id), DB_OK);
    cr_assert_eq(store_media_delete(db, id), DB_DONE);
}

Test(media, avif_and_gif_are_read_as_their_first_frame)
{
    char *png = tmp_path("png"), *avif = tmp_path("avif"), *gif = tmp_path("gif");
    make_image(png, 400, 300);
    char cmd[512];
    snprintf(cmd, sizeof cmd, "vips heifsave %s %s --compression av1 >/dev/null 2>&1", png, avif);
    if (run("command -v vips >/dev/null 2>&1") && run(cmd)) {
        FILE *fp = fopen(avif, "rb");
        unsigned char head[64];
        size_t n = fread(head, 1, sizeof head, fp);
        fclose(fp);
        cr_assert_eq(media_sniff(head, n), MEDIA_AVIF);
        struct media_output o;
        cr_assert_eq(media_process(avif, HASH, 50, 50, &o), 0, "%s", o.message);
        cr_assert_eq(o.width, 400);
        media_output_free(&o);
    }
    snprintf(cmd, sizeof cmd, "vips copy %s %s >/dev/null 2>&1", png, gif);
    if (run("command -v vips >/dev/null 2>&1") && run(cmd)) {
        struct media_output o;
        cr_assert_eq(media_process(gif, HASH, 50, 50, &o), 0, "%s", o.message);
        cr_assert_eq(o.height, 300);
        media_output_free(&o);
    }
    unlink(png), unlink(avif), unlink(gif);
    free(png), free(avif), free(gif);
}
