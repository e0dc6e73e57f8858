/* fail.c: a database error as the request's answer (fail.h). */
#include "view/fail.h"
#include "store/db.h"

int view_fail_db(struct req *r, int rc)
{
    if (rc == DB_BUSY || rc == DB_UNAVAILABLE)
        return req_fail(r, 503, "database_busy",
                        "الموقع مشغول الآن ولم يتمكن من قراءة البيانات. حاول بعد قليل.");
    return req_fail(r, 500, "database_error", "تعذّرت قراءة البيانات بسبب خطأ في الخادم.");
}
