/*
 * views.h: article views counted in memory, written to the database in batches.
 *
 * The request path only touches memory: views_hit() decides whether a view counts (not a known
 * bot, not the same client's repeat within 30 minutes) and adds one to a pending count. The
 * background tick calls views_flush() (every 10 seconds, and once more at shutdown), which
 * writes all pending counts in one transaction. Counts are per article and UTC hour.
 */
#ifndef SAHIFA_WEB_VIEWS_H
#define SAHIFA_WEB_VIEWS_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

struct db;

enum { VIEWS_REPEAT_WINDOW = 30 * 60, VIEWS_MAX_CLIENTS = 1000000 };

enum views_result { VIEW_COUNTED, VIEW_REPEAT, VIEW_BOT };

/* Counts (or not) a view of article_id by the client at address client with that User-Agent
 * (NULL or "" counts as a bot: browsers always send one). Thread-safe. */
enum views_result views_hit(int64_t article_id, const char *client, const char *user_agent,
                            time_t now);
/* True when the User-Agent names a crawler, preview fetcher, monitor or command-line tool. */
bool views_is_bot(const char *user_agent);
/* Writes the pending counts and forgets clients whose window has passed. Returns the number of
 * (article, hour) counts written, or -1 when the write failed (the counts are kept and retried
 * at the next flush). */
int views_flush(struct db *db, time_t now);

struct views_stats {
    uint64_t counted, repeats, bots; /* views_hit() results since start */
    uint64_t flushed;                /* views written to the database */
    uint64_t pending;                /* views counted, not yet written */
};
void views_stats(struct views_stats *out);

#endif
