/* ingest.c: an upload made into an image of the library (ingest.h). */
#include "media/ingest.h"
#include "base/buf.h"
#include "base/log.h"
#include "media/process.h"
#include "media/sniff.h"
#include "media/storage.h"
#include "store/store.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int failed(struct media_ingest *in, int status, const char *code, const char *message)
{
    in->status = status;
    in->code = code;
    in->message = message;
    return -1;
}

int media_ingest_check(struct media_ingest *in)
{
    int fd = open(in->path, O_RDONLY | O_CLOEXEC);
    if (fd < 0 || sodium_init() < 0) {
        log_error("media: cannot read the upload %s: %s", in->path, strerror(errno));
        if (fd >= 0)
            close(fd);
        return failed(in, 500, "upload_unreadable", "تعذّرت قراءة الملف المرفوع. حاول من جديد.");
    }
    crypto_generichash_state h;
    unsigned char digest[16];
    crypto_generichash_init(&h, NULL, 0, sizeof digest);
    unsigned char head[MEDIA_SNIFF_BYTES], chunk[64 * 1024];
    size_t nhead = 0, total = 0;
    ssize_t n;
    while ((n = read(fd, chunk, sizeof chunk)) > 0 || (n < 0 && errno == EINTR)) {
        if (n < 0)
            continue;
        if (nhead < sizeof head) {
            size_t k = (size_t)n < sizeof head - nhead ? (size_t)n : sizeof head - nhead;
            memcpy(head + nhead, chunk, k);
            nhead += k;
        }
        crypto_generichash_update(&h, chunk, (size_t)n);
        total += (size_t)n;
    }
    close(fd);
    if (n < 0)
        return failed(in, 500, "upload_unreadable", "تعذّرت قراءة الملف المرفوع. حاول من جديد.");
    crypto_generichash_final(&h, digest, sizeof digest);
    sodium_bin2hex(in->hash, sizeof in->hash, digest, sizeof digest);
    in->bytes = total;
    enum media_type t = media_sniff(head, nhead);
    if (!media_type_ok(t))
        return failed(in, t == MEDIA_EMPTY ? 422 : 415,
                      t == MEDIA_EMPTY ? "empty_file" : "unsupported_type", media_type_refusal(t));
    in->mime = media_type_mime(t);
    return 0;
}

/* Removes the files of out that were written (a failure after some of them). */
static void forget(struct db *db, const struct media_output *out, int written)
{
    for (int i = 0; i < written; i++)
        media_remove(db, out->files[i].name);
}

int media_forget_files(struct db *db, const char *hash, const char *widths, int focal_x,
                       int focal_y)
{
    bool used = false;
    if (store_media_hash_used(db, hash, &used) != DB_OK)
        return -1;
    if (used)
        return 0;
    int rc = 0;
    char name[96];
    for (const char *w = widths; w && *w;) {
        int width = atoi(w);
        media_name(name, hash, width, "webp");
        rc |= media_remove(db, name);
        media_name(name, hash, width, "jpg");
        rc |= media_remove(db, name);
        w = strchr(w, ',');
        w = w ? w + 1 : NULL;
    }
    media_social_name(name, hash, focal_x, focal_y);
    rc |= media_remove(db, name);
    return rc ? -1 : 0;
}

int media_ingest_run(struct db *db, struct media_ingest *in, int64_t now)
{
    int64_t id = 0;
    int rc = store_media_by_hash(db, in->hash, &id);
    if (rc < 0)
        return failed(in, rc == DB_BUSY ? 503 : 500, "unavailable",
                      "تعذّر الوصول إلى قاعدة البيانات. حاول بعد قليل.");
    if (rc == DB_OK) {
        if (in->replace_id && in->replace_id != id)
            return failed(in, 409, "duplicate",
                          "هذه الصورة نفسها موجودة في المكتبة بصورة أخرى؛ استعمل تلك.");
        in->id = id;
        in->existed = true;
        return 0;
    }
    json_t *old = NULL;
    if (in->replace_id && (rc = store_media_get(db, in->replace_id, &old)) != DB_OK)
        return rc == DB_DONE ? failed(in, 404, "not_found", "لا توجد صورة بهذا الرقم.")
                             : failed(in, 500, "unavailable",
                                      "تعذّر الوصول إلى قاعدة البيانات. حاول بعد قليل.");
    if (old) {
        in->focal_x = (int)json_integer_value(json_object_get(old, "focal_x"));
        in->focal_y = (int)json_integer_value(json_object_get(old, "focal_y"));
    }

    struct media_output out;
    if (media_process(in->path, in->hash, in->focal_x, in->focal_y, &out) != 0) {
        snprintf(in->text, sizeof in->text, "%s", out.message);
        media_output_free(&out);
        json_decref(old);
        return failed(in, strcmp(out.code, "unavailable") == 0 ? 503 : 422, out.code, in->text);
    }
    int written = 0;
    for (; written < out.nfiles; written++)
        if (media_put(db, out.files[written].name, out.files[written].data,
                      out.files[written].len) != 0)
            break;
    if (written < out.nfiles) {
        forget(db, &out, written);
        media_output_free(&out);
        json_decref(old);
        return failed(in, 500, "storage_failed", "تعذّر حفظ ملفات الصورة. لم يُحفظ شيء منها.");
    }
    struct buf widths = BUF_INIT;
    for (int i = 0; i < out.nwidths; i++)
        buf_printf(&widths, "%s%d", i ? "," : "", out.widths[i]);
    struct media_in row = {.hash = in->hash,
                           .mime = in->mime,
                           .bytes = (int64_t)in->bytes,
                           .width = out.width,
                           .height = out.height,
                           .widths = buf_str(&widths),
                           .alt = in->alt,
                           .caption = in->caption,
                           .credit = in->credit,
                           .focal_x = in->focal_x,
                           .focal_y = in->focal_y,
                           .uploader_id = in->uploader_id};
    if (in->replace_id) {
        rc = store_media_replace(db, in->replace_id, &row, now);
        id = in->replace_id;
    } else {
        rc = store_media_add(db, &row, now, &id);
    }
    buf_free(&widths);
    if (rc != DB_OK) {
        forget(db, &out, written);
        media_output_free(&out);
        json_decref(old);
        return failed(in, rc == DB_BUSY ? 503 : 500, "save_failed",
                      "تعذّر حفظ الصورة الآن. لم يُحفظ شيء؛ حاول بعد قليل.");
    }
    media_output_free(&out);
    if (old) {
        /* The pixels it had, unless another image shares them. */
        media_forget_files(db, json_string_value(json_object_get(old, "hash")),
                           json_string_value(json_object_get(old, "widths")), in->focal_x,
                           in->focal_y);
        json_decref(old);
    }
    in->id = id;
    return 0;
}
