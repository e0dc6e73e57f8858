/*
 * queue.h: the worker that processes photos off the request threads.
 *
 * One thread, started on first use, runs jobs one at a time in the order they came: libvips
 * uses two threads of its own inside a job, so two cores are busy and memory holds one photo
 * being made at a time, however many editors upload at once. A job's own function tells its
 * requester when it is done (web/req.h's req_resume()).
 */
#ifndef SAHIFA_MEDIA_QUEUE_H
#define SAHIFA_MEDIA_QUEUE_H

/* Queues run(ctx) to run on the worker thread. Returns 0, or -1 when the thread cannot start
 * (logged; nothing queued). */
int media_queue(void (*run)(void *ctx), void *ctx);
/* Jobs queued or running now (for /metrics and tests). */
int media_queue_length(void);

#endif
