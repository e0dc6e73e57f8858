/*
 * ingest.h: an uploaded file made into an image of the library, the one path that the
 * newsroom, the API and the importers share.
 *
 * media_ingest_check() runs on the request's thread and costs little: the type from the bytes
 * (media/sniff.h) and the content hash (BLAKE2b, 128 bits, as 32 hex digits). media_ingest_run()
 * does the rest, on the photo worker (media/queue.h) for requests: an image already in the
 * library is found by its hash and not made again; otherwise every size is made
 * (media/process.h), stored (media/storage.h), and only then is the row written, so an
 * image is in the library whole or not at all: a failure removes the files it had written.
 */
#ifndef SAHIFA_MEDIA_INGEST_H
#define SAHIFA_MEDIA_INGEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct db;

struct media_ingest {
    /* What came. */
    const char *path;                   /* the uploaded file */
    const char *alt, *caption, *credit; /* alt required (the callers check it) */
    int focal_x, focal_y;               /* per cent; 50, 50 is the centre */
    int64_t uploader_id;                /* 0: none */
    int64_t replace_id;                 /* 0: a new image; else these pixels go under that image */
    /* Found by media_ingest_check(). */
    char hash[33];
    const char *mime;
    size_t bytes;
    /* The outcome. */
    int64_t id;          /* the image */
    bool existed;        /* the same photo was already in the library (nothing made) */
    int status;          /* on failure: the HTTP status (415, 422, 409, 500, 503) */
    const char *code;    /* on failure: "unsupported_type", "corrupt", "too_many_pixels", ... */
    const char *message; /* on failure: in Arabic */
    char text[256];
};

/* Sniffs the file at in->path and hashes it. 0, or -1 with status, code and message set (415
 * for a type refused: SVG, HTML, empty, anything not an image sahifa takes; 500 when the file
 * cannot be read). */
int media_ingest_check(struct media_ingest *in);
/* Makes, stores and records the image (see above), with db (the calling thread's connection)
 * and now for its times. 0 with in->id set, or -1 with status, code and message set. */
int media_ingest_run(struct db *db, struct media_ingest *in, int64_t now);
/* Removes the stored files of an image (its widths as "320,640", and the social crop at the
 * focal point), unless another image has the same hash. 0 or -1 (logged). */
int media_forget_files(struct db *db, const char *hash, const char *widths, int focal_x,
                       int focal_y);

#endif
