/* process.c: an upload made into its sizes with libvips (process.h). */
#include "media/process.h"
#include "base/log.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <vips/vips.h>

const int media_widths[MEDIA_NWIDTHS] = {320, 640, 960, 1280, 1920};

static int64_t pixel_limit = MEDIA_MAX_PIXELS_DEFAULT;
static pthread_once_t started = PTHREAD_ONCE_INIT;
static int start_failed;

static void start(void)
{
    if (VIPS_INIT("sahifa") != 0) {
        log_error("media: libvips cannot start: %s", vips_error_buffer());
        start_failed = 1;
        return;
    }
    /* Nothing cached between operations: each upload is made once, and a cache would keep
     * decoded pixels of images long gone. */
    vips_cache_set_max(0);
    vips_cache_set_max_mem(0);
    vips_concurrency_set(2);
    /* Loaders libvips itself calls unsafe for untrusted input (ImageMagick, PDF, SVG...) are
     * never used, whatever a file holds. */
    vips_block_untrusted_set(TRUE);
}

int media_init(int64_t max_pixels)
{
    pthread_once(&started, start);
    if (max_pixels > 0)
        pixel_limit = max_pixels;
    return start_failed ? -1 : 0;
}

void media_name(char *name, const char *hash, int width, const char *ext)
{
    snprintf(name, 96, "%.64s-%d.%s", hash, width, ext);
}

void media_social_name(char *name, const char *hash, int fx, int fy)
{
    snprintf(name, 96, "%.64s-social-%d-%d.jpg", hash, fx, fy);
}

static int fail(const char **code, const char **message, const char *c, const char *m)
{
    /* libvips' own words (English) go to the log, for whoever runs the site. */
    const char *why = vips_error_buffer();
    if (why && *why)
        log_warn("media: %s: %.300s", c, why);
    vips_error_clear();
    *code = c;
    *message = m;
    return -1;
}

static const char CORRUPT[] = "تعذّرت قراءة الصورة: الملف تالف أو مقطوع. ارفعه من جديد.";

/* Every metadata item but the colour profile, removed (EXIF with GPS, XMP, IPTC, comments,
 * orientation): savers write what an image carries. */
static void *collect_name(VipsImage *im, const char *name, GValue *value, void *a)
{
    (void)im, (void)value;
    GPtrArray *names = a;
    if (strcmp(name, VIPS_META_ICC_NAME) != 0)
        g_ptr_array_add(names, g_strdup(name));
    return NULL;
}

static void strip(VipsImage *im)
{
    GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
    vips_image_map(im, collect_name, names);
    for (guint i = 0; i < names->len; i++)
        vips_image_remove(im, g_ptr_array_index(names, i)); /* core fields stay: no-op */
    g_ptr_array_free(names, TRUE);
}

/* 8-bit sRGB or grey, so that every saver takes it and browsers show it alike. */
static VipsImage *to_srgb(VipsImage *in)
{
    VipsImage *out = in;
    g_object_ref(in);
    VipsInterpretation t = vips_image_guess_interpretation(in);
    bool grey = t == VIPS_INTERPRETATION_B_W || t == VIPS_INTERPRETATION_GREY16;
    if ((t != VIPS_INTERPRETATION_sRGB && !grey) || in->BandFmt != VIPS_FORMAT_UCHAR) {
        VipsImage *x;
        if (vips_colourspace(in, &x, grey ? VIPS_INTERPRETATION_B_W : VIPS_INTERPRETATION_sRGB,
                             NULL) != 0) {
            g_object_unref(out);
            return NULL;
        }
        g_object_unref(out);
        out = x;
        if (out->BandFmt != VIPS_FORMAT_UCHAR) {
            if (vips_cast_uchar(out, &x, NULL) != 0) {
                g_object_unref(out);
                return NULL;
            }
            g_object_unref(out);
            out = x;
        }
        /* A profile for other colours (CMYK) no longer describes these pixels. */
        if (!grey && t == VIPS_INTERPRETATION_CMYK)
            vips_image_remove(out, VIPS_META_ICC_NAME);
    }
    return out;
}

static int save_jpeg(VipsImage *im, struct media_file *f)
{
    VipsImage *flat = im;
    g_object_ref(im);
    if (vips_image_hasalpha(im)) {
        VipsArrayDouble *white = vips_array_double_newv(1, 255.0);
        int rc = vips_flatten(im, &flat, "background", white, NULL);
        vips_area_unref(VIPS_AREA(white));
        g_object_unref(im);
        if (rc != 0)
            return -1;
    }
    int rc = vips_jpegsave_buffer(flat, &f->data, &f->len, "Q", 82, "optimize_coding", TRUE,
                                  "interlace", TRUE, NULL);
    f->mime = "image/jpeg";
    f->width = flat->Xsize;
    f->height = flat->Ysize;
    g_object_unref(flat);
    return rc;
}

static int save_webp(VipsImage *im, struct media_file *f)
{
    f->mime = "image/webp";
    f->width = im->Xsize;
    f->height = im->Ysize;
    return vips_webpsave_buffer(im, &f->data, &f->len, "Q", 78, "effort", 3, NULL);
}

/* The social crop: the widest 1200:630 box the image holds, as near centred on the focal point
 * as it can be, scaled down to 1200 wide (never up). */
void media_social_box(int w, int h, int *cw, int *ch)
{
    double aspect = (double)MEDIA_SOCIAL_WIDTH / MEDIA_SOCIAL_HEIGHT;
    *cw = w;
    *ch = (int)(w / aspect + 0.5);
    if (*ch > h) {
        *ch = h;
        *cw = (int)(h * aspect + 0.5);
        if (*cw > w)
            *cw = w;
    }
}

static int social(VipsImage *im, const char *hash, int fx, int fy, struct media_file *f)
{
    int w = im->Xsize, h = im->Ysize, cw, ch;
    media_social_box(w, h, &cw, &ch);
    if (cw < 1 || ch < 1)
        return -1;
    fx = fx < 0 ? 0 : fx > 100 ? 100 : fx;
    fy = fy < 0 ? 0 : fy > 100 ? 100 : fy;
    int x = (int)((int64_t)w * fx / 100) - cw / 2, y = (int)((int64_t)h * fy / 100) - ch / 2;
    x = x < 0 ? 0 : x > w - cw ? w - cw : x;
    y = y < 0 ? 0 : y > h - ch ? h - ch : y;
    VipsImage *crop, *sized;
    if (vips_extract_area(im, &crop, x, y, cw, ch, NULL) != 0)
        return -1;
    if (cw > MEDIA_SOCIAL_WIDTH) {
        int rc = vips_resize(crop, &sized, (double)MEDIA_SOCIAL_WIDTH / cw, NULL);
        g_object_unref(crop);
        if (rc != 0)
            return -1;
    } else {
        sized = crop;
    }
    int rc = save_jpeg(sized, f);
    g_object_unref(sized);
    media_social_name(f->name, hash, fx, fy);
    return rc;
}

int media_process(const char *path, const char *hash, int fx, int fy, struct media_output *out)
{
    memset(out, 0, sizeof *out);
    if (media_init(0) != 0)
        return fail(&out->code, &out->message, "unavailable",
                    "معالجة الصور غير متاحة على هذا الخادم.");
    /* The header only: nothing is decoded before the size is known to be acceptable. */
    VipsImage *head = vips_image_new_from_file(path, "access", VIPS_ACCESS_SEQUENTIAL, NULL);
    if (!head)
        return fail(&out->code, &out->message, "corrupt", CORRUPT);
    int64_t pixels = (int64_t)head->Xsize * head->Ysize;
    int w = head->Xsize, h = head->Ysize;
    if (vips_image_get_orientation_swap(head)) {
        w = head->Ysize;
        h = head->Xsize;
    }
    g_object_unref(head);
    if (pixels > pixel_limit) {
        snprintf(out->text, sizeof out->text,
                 "الصورة كبيرة جدًا: %lld×%lld بكسل، والحد %lld مليون بكسل. صغّرها ثم ارفعها.",
                 (long long)w, (long long)h, (long long)(pixel_limit / 1000000));
        return fail(&out->code, &out->message, "too_many_pixels", out->text);
    }
    out->width = w;
    out->height = h;
    int top = w < media_widths[MEDIA_NWIDTHS - 1] ? w : media_widths[MEDIA_NWIDTHS - 1];
    for (int i = 0; i < MEDIA_NWIDTHS && media_widths[i] < top; i++)
        out->widths[out->nwidths++] = media_widths[i];
    out->widths[out->nwidths++] = top;

    /* The largest size, upright, shrunk on load, decoded once into memory: a truncated file
     * fails here. */
    VipsImage *big, *srgb, *master;
    if (vips_thumbnail(path, &big, top, "height", VIPS_MAX_COORD, "size", VIPS_SIZE_DOWN, "fail_on",
                       VIPS_FAIL_ON_TRUNCATED, NULL) != 0)
        return fail(&out->code, &out->message, "corrupt", CORRUPT);
    srgb = to_srgb(big);
    g_object_unref(big);
    if (!srgb)
        return fail(&out->code, &out->message, "corrupt", CORRUPT);
    master = vips_image_copy_memory(srgb);
    g_object_unref(srgb);
    if (!master)
        return fail(&out->code, &out->message, "corrupt", CORRUPT);
    strip(master);

    int rc = 0;
    for (int i = 0; i < out->nwidths && rc == 0; i++) {
        VipsImage *im = master;
        if (out->widths[i] < master->Xsize)
            rc = vips_thumbnail_image(master, &im, out->widths[i], "height", VIPS_MAX_COORD, "size",
                                      VIPS_SIZE_DOWN, NULL);
        else
            g_object_ref(master);
        if (rc != 0)
            break;
        struct media_file *webp = &out->files[out->nfiles++];
        struct media_file *jpeg = &out->files[out->nfiles++];
        media_name(webp->name, hash, out->widths[i], "webp");
        media_name(jpeg->name, hash, out->widths[i], "jpg");
        rc = save_webp(im, webp) || save_jpeg(im, jpeg);
        g_object_unref(im);
    }
    if (rc == 0)
        rc = social(master, hash, fx, fy, &out->files[out->nfiles++]);
    g_object_unref(master);
    if (rc != 0) {
        media_output_free(out);
        return fail(&out->code, &out->message, "corrupt", CORRUPT);
    }
    return 0;
}

int media_social(const void *jpeg, size_t n, const char *hash, int fx, int fy,
                 struct media_file *file, const char **code, const char **message)
{
    memset(file, 0, sizeof *file);
    if (media_init(0) != 0)
        return fail(code, message, "unavailable", "معالجة الصور غير متاحة على هذا الخادم.");
    VipsImage *im = vips_image_new_from_buffer(jpeg, n, "", NULL);
    if (!im)
        return fail(code, message, "corrupt", CORRUPT);
    int rc = social(im, hash, fx, fy, file);
    g_object_unref(im);
    if (rc != 0) {
        media_file_free(file);
        return fail(code, message, "corrupt", CORRUPT);
    }
    return 0;
}

void media_file_free(struct media_file *file)
{
    g_free(file->data);
    file->data = NULL;
    file->len = 0;
}

void media_output_free(struct media_output *out)
{
    for (int i = 0; i < out->nfiles; i++)
        media_file_free(&out->files[i]);
    out->nfiles = 0;
}

/* A small deterministic generator, so the same seed draws the same picture. */
static unsigned next(unsigned *state)
{
    *state = *state * 1103515245u + 12345u;
    return (*state >> 8) & 0xffffff;
}

int media_generate(const char *path, int w, int h, unsigned seed)
{
    /* Sky top, sky bottom, sun, buildings, windows (RGB). */
    static const double palettes[][15] = {
        {24, 52, 110, 238, 150, 92, 255, 224, 150, 34, 30, 48, 255, 205, 120},   /* dusk */
        {70, 140, 210, 190, 225, 245, 255, 250, 220, 60, 70, 90, 210, 230, 240}, /* noon */
        {12, 18, 40, 48, 60, 110, 235, 235, 210, 16, 18, 30, 250, 215, 130},     /* night */
        {120, 60, 90, 250, 180, 120, 255, 240, 200, 70, 40, 60, 255, 220, 160},  /* dawn */
        {90, 110, 120, 200, 205, 200, 240, 240, 235, 70, 80, 85, 230, 230, 215}, /* haze */
    };
    if (media_init(0) != 0)
        return -1;
    unsigned st = seed * 2654435761u + 1;
    const double *p = palettes[seed % (sizeof palettes / sizeof *palettes)];
    VipsImage *xyz = NULL, *y = NULL, *sky = NULL, *rgb = NULL, *im = NULL;
    double a[3], b[3];
    for (int i = 0; i < 3; i++) {
        a[i] = (p[3 + i] - p[i]) / h;
        b[i] = p[i];
    }
    int rc = -1;
    if (vips_xyz(&xyz, w, h, NULL) || vips_extract_band(xyz, &y, 1, NULL) ||
        vips_linear(y, &sky, a, b, 3, "uchar", TRUE, NULL) ||
        vips_copy(sky, &rgb, "interpretation", VIPS_INTERPRETATION_sRGB, NULL) ||
        !(im = vips_image_copy_memory(rgb)))
        goto out;
    double sun[3] = {p[6], p[7], p[8]}, dark[3] = {p[9], p[10], p[11]},
           lit[3] = {p[12], p[13], p[14]};
    int r = h / 8 + (int)(next(&st) % (unsigned)(h / 10 + 1));
    vips_draw_circle(im, sun, 3, w / 5 + (int)(next(&st) % (unsigned)(w * 3 / 5)),
                     h / 5 + (int)(next(&st) % (unsigned)(h / 4)), r, "fill", TRUE, NULL);
    for (int x = 0; x < w;) {
        int bw = w / 16 + (int)(next(&st) % (unsigned)(w / 9 + 1));
        int bh = h / 5 + (int)(next(&st) % (unsigned)(h / 2));
        vips_draw_rect(im, dark, 3, x, h - bh, bw - w / 120, bh, "fill", TRUE, NULL);
        int win = w / 90 + 2;
        for (int wy = h - bh + win; wy < h - win * 2; wy += win * 2)
            for (int wx = x + win; wx < x + bw - win * 2; wx += win * 2)
                if (next(&st) % 3 == 0)
                    vips_draw_rect(im, lit, 3, wx, wy, win, win, "fill", TRUE, NULL);
        x += bw;
    }
    rc = vips_jpegsave(im, path, "Q", 90, NULL);
out:
    if (rc != 0)
        log_error("media: cannot draw %s: %s", path, vips_error_buffer());
    vips_error_clear();
    VipsImage *all[] = {xyz, y, sky, rgb, im};
    for (size_t i = 0; i < sizeof all / sizeof *all; i++)
        if (all[i])
            g_object_unref(all[i]);
    return rc;
}
