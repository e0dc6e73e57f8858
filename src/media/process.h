/*
 * process.h: an uploaded image made into what pages serve, with libvips.
 *
 * From the file of an upload whose type media_sniff() accepted: the header is read first and
 * an image over the pixel limit is refused before a pixel is decoded (decompression bombs);
 * then the image is turned upright by its EXIF orientation, brought to 8-bit sRGB (or grey)
 * keeping an embedded colour profile, stripped of every other metadata block (EXIF with GPS,
 * XMP, IPTC, comments), and written at the widths of media_widths[] below the image's own
 * width plus the image's own width up to the largest (never upscaled), each as WebP and as
 * JPEG, and a 1200x630 crop for social cards around a focal point.
 *
 * A truncated or corrupt file is refused (libvips' fail_on=truncated), never shown half grey.
 * Memory stays bounded: the file is read sequentially and shrunk on load, the largest size is
 * held once in memory (1920 x 1280 x 3 bytes for a landscape photo) and the smaller ones are
 * made from it; libvips' operation cache is off.
 */
#ifndef SAHIFA_MEDIA_PROCESS_H
#define SAHIFA_MEDIA_PROCESS_H

#include <stddef.h>
#include <stdint.h>

enum { MEDIA_NWIDTHS = 5, MEDIA_MAX_FILES = 2 * (MEDIA_NWIDTHS + 1) + 1 };

/* The widths made (320, 640, 960, 1280, 1920), ascending. */
extern const int media_widths[MEDIA_NWIDTHS];
/* The social card's size. */
enum { MEDIA_SOCIAL_WIDTH = 1200, MEDIA_SOCIAL_HEIGHT = 630 };
/* The default pixel limit (width x height of the upload): 60 megapixels. */
#define MEDIA_MAX_PIXELS_DEFAULT 60000000LL

/* One file made: its storage name ("<hash>-640.webp"), type, size in pixels and bytes. */
struct media_file {
    char name[96];
    const char *mime; /* "image/webp" or "image/jpeg" */
    int width, height;
    void *data; /* libvips' buffer: media_output_free() frees it */
    size_t len;
};

struct media_output {
    int width, height;             /* the image upright, as uploaded */
    int widths[MEDIA_NWIDTHS + 1]; /* the widths made, ascending */
    int nwidths;
    struct media_file files[MEDIA_MAX_FILES]; /* each width as WebP then JPEG, then the social
                                               * crop (JPEG) last */
    int nfiles;
    const char *code;    /* on failure: "corrupt", "too_many_pixels", "unavailable" */
    const char *message; /* on failure: what to tell the editor, in Arabic */
    char text[256];      /* where a message with numbers is written */
};

/* Starts libvips once for the process (safe to call from any thread, any number of times):
 * the operation cache off, two worker threads, loaders libvips marks untrusted blocked.
 * max_pixels (> 0) replaces the pixel limit. Returns 0, or -1 when libvips cannot start. */
int media_init(int64_t max_pixels);

/*
 * Makes every size of the image in the file at path into out (zeroed first), naming each file
 * after hash (the upload's content hash, hex), and the social crop centred as near the focal
 * point (fx, fy: per cent of the width and height, 0..100) as the crop allows. Returns 0, or
 * -1 with out->code and out->message set and no file kept. Call media_output_free() either way.
 */
int media_process(const char *path, const char *hash, int fx, int fy, struct media_output *out);

/* The social crop made again around a new focal point from the stored JPEG of the largest size
 * (n bytes at jpeg), into *file (zeroed first; free its data with media_file_free()). 0 or -1
 * (with *code and *message set as in media_output). */
int media_social(const void *jpeg, size_t n, const char *hash, int fx, int fy,
                 struct media_file *file, const char **code, const char **message);

/* The social crop of an image w x h pixels: the widest 1200:630 box it holds, in *cw x *ch,
 * before it is scaled down to 1200 wide (never up). */
void media_social_box(int w, int h, int *cw, int *ch);

/* The storage names of an image's files: "<hash>-<width>.webp", "<hash>-<width>.jpg" and the
 * social crop "<hash>-social-<fx>-<fy>.jpg", written into name (at least 96 bytes). */
void media_name(char *name, const char *hash, int width, const char *ext);
void media_social_name(char *name, const char *hash, int fx, int fy);

/* Draws an illustration (a city's skyline under a sky, in one of a few palettes and shapes
 * picked by seed) of w x h pixels and saves it as the JPEG at path: the demo site's photos and
 * the benchmarks' test images. 0, or -1 (logged). */
int media_generate(const char *path, int w, int h, unsigned seed);

/* Frees the files' data. */
void media_output_free(struct media_output *out);
void media_file_free(struct media_file *file);

#endif
