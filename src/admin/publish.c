/* publish.c: scheduled articles go live when their time comes, by the background tick (no
 * request needed); the search index takes them in the same transaction. */
#include "admin/admin.h"
#include "base/log.h"
#include "store/store.h"

void admin_publish_due(struct db *db, int64_t now)
{
    json_t *due;
    if (store_articles_due(db, now, &due) != DB_OK)
        return; /* logged; the next tick tries again */
    size_t i;
    json_t *a;
    json_array_foreach(due, i, a) {
        int64_t id = json_integer_value(json_object_get(a, "id"));
        if (store_article_set_status(db, id, "published", now) == DB_OK)
            log_info("published scheduled article %lld", (long long)id);
        else
            log_warn("scheduled article %lld could not be published; next tick retries",
                     (long long)id);
    }
    json_decref(due);
}
