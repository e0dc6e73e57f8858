/*
 * media.c: POST /api/v1/media, a photo into the library (docs/API.md). A multipart body
 * (ROUTE_UPLOAD) with the file in the field "file" and the fields alt (required), caption,
 * credit, focal_x and focal_y (per cent, 50 by default); a bearer token with the media:write
 * scope. The photo is made on the photo worker (view/media.h) and the answer, 201 with the
 * image's JSON (each size's addresses), comes when it is ready; the same
 * photo sent again answers 200 with the image already in the library. Errors are the API's
 * JSON error objects: 413 over the size limit, 415 for what is not an image sahifa takes, 422
 * for a missing file or alt text, a corrupt file or one over the pixel limit.
 */
#include "api/api.h"
#include "store/store.h"
#include "text/comment.h"
#include "view/fail.h"
#include "view/image.h"
#include "view/media.h"
#include "view/url.h"

#include <string.h>

enum { FIELD_MAX = 1000 };

/* The image as the API gives it: its facts, words and absolute addresses. */
static json_t *image_out(struct req *r, json_t *m)
{
    view_image(m);
    json_t *sizes = json_array();
    size_t i;
    json_t *s;
    json_array_foreach(json_object_get(m, "sizes"), i, s) {
        json_array_append_new(
            sizes,
            json_pack("{s:O, s:O, s:s, s:s}", "width", json_object_get(s, "width"), "height",
                      json_object_get(s, "height"), "webp",
                      view_absolute_uri(r, json_string_value(json_object_get(s, "webp"))), "jpeg",
                      view_absolute_uri(r, json_string_value(json_object_get(s, "jpeg")))));
    }
    json_t *out = json_pack(
        "{s:O, s:O, s:O, s:O, s:O, s:O, s:O, s:O, s:O, s:O, s:o, s:s}", "id",
        json_object_get(m, "id"), "alt", json_object_get(m, "alt"), "caption",
        json_object_get(m, "caption"), "credit", json_object_get(m, "credit"), "width",
        json_object_get(m, "width"), "height", json_object_get(m, "height"), "mime",
        json_object_get(m, "mime"), "bytes", json_object_get(m, "bytes"), "focal_x",
        json_object_get(m, "focal_x"), "focal_y", json_object_get(m, "focal_y"), "sizes", sizes,
        "social", view_absolute_uri(r, json_string_value(json_object_get(m, "social"))));
    return out;
}

static int field(struct req *r, const char *name, const char **out)
{
    const char *v = req_form(r, name);
    size_t start = 0, n = v ? comment_trim(v, strlen(v), &start) : 0;
    *out = arena_strndup(&r->arena, v ? v + start : "", n);
    if (n > FIELD_MAX) {
        r->error_field = name;
        return req_fail(r, 422, "invalid", "النص البديل والتعليق والمصدر ألف حرف على الأكثر.");
    }
    return 0;
}

static int made(struct req *r)
{
    struct media_ingest *in = r->defer_ctx;
    if (in->code) {
        if (strcmp(in->code, "no_file") == 0)
            r->error_field = "file";
        return req_fail(r, in->status, in->code, in->message);
    }
    json_t *m;
    int rc = store_media_get(r->db, in->id, &m);
    if (rc != DB_OK)
        return view_fail_db(r, rc == DB_DONE ? DB_ERROR : rc);
    json_t *out = json_pack("{s:o, s:b}", "image", image_out(r, m), "existed", in->existed);
    json_decref(m);
    return api_reply(r, in->existed ? 200 : 201, out);
}

int api_media_create(struct req *r)
{
    if (req_form_bad(r))
        return req_fail(r, 415, "unsupported_media_type",
                        "أرسل الصورة في نموذج multipart/form-data، في الحقل file.");
    struct media_ingest *in = arena_alloc(&r->arena, sizeof *in);
    memset(in, 0, sizeof *in);
    if (field(r, "alt", &in->alt) || field(r, "caption", &in->caption) ||
        field(r, "credit", &in->credit))
        return -1;
    if (!*in->alt) {
        r->error_field = "alt";
        return req_fail(r, 422, "alt_required",
                        "النص البديل (alt) مطلوب: صف ما في الصورة لمن لا يراها.");
    }
    if (!view_focal(req_form(r, "focal_x"), &in->focal_x) ||
        !view_focal(req_form(r, "focal_y"), &in->focal_y)) {
        r->error_field = "focal_x";
        return req_fail(r, 422, "invalid", "focal_x و focal_y رقمان من 0 إلى 100.");
    }
    in->uploader_id = r->user->id;
    if (view_upload(r, in, made) != 0) {
        if (strcmp(in->code, "no_file") == 0)
            r->error_field = "file";
        return req_fail(r, in->status, in->code, in->message);
    }
    return 0;
}
