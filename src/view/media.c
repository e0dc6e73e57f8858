/* media.c (view): uploads handed to the photo worker (media.h). */
#include "view/media.h"
#include "media/queue.h"
#include "store/db.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

/* On the photo worker: make the image, then let the request answer. */
static void work(void *ctx)
{
    struct req *r = ctx;
    struct media_ingest *in = r->defer_ctx;
    struct db *db = db_thread();
    if (!db) {
        in->status = 503;
        in->code = "unavailable";
        in->message = "قاعدة البيانات غير متاحة الآن. حاول بعد قليل.";
    } else {
        media_ingest_run(db, in, time(NULL));
    }
    req_resume(r);
}

static void start(struct req *r)
{
    if (media_queue(work, r) != 0) {
        struct media_ingest *in = r->defer_ctx;
        in->status = 503;
        in->code = "unavailable";
        in->message = "معالجة الصور غير متاحة الآن. حاول بعد قليل.";
        req_resume(r);
    }
}

int view_upload(struct req *r, struct media_ingest *in, int (*finish)(struct req *r))
{
    if (r->upload_failed) {
        in->status = 507;
        in->code = "upload_failed";
        in->message = "تعذّر حفظ الملف المرفوع على الخادم. لم يُحفظ شيء؛ حاول بعد قليل.";
        return -1;
    }
    if (!r->upload_path) {
        in->status = 422;
        in->code = "no_file";
        in->message = "اختر ملف صورة لرفعه (الحقل file).";
        return -1;
    }
    in->path = r->upload_path;
    if (media_ingest_check(in) != 0)
        return -1;
    r->defer_ctx = in;
    req_defer(r, start, finish);
    return 0;
}

bool view_focal(const char *s, int *v)
{
    if (!s || !*s) {
        *v = 50;
        return true;
    }
    char *end;
    long n = strtol(s, &end, 10);
    if (*end || n < 0 || n > 100)
        return false;
    *v = (int)n;
    return true;
}
