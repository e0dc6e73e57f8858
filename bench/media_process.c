/*
 * media_process.c: a 12-megapixel photo made into every size (media_process(): 320 to 1920 px
 * as WebP and JPEG, and the 1200x630 social crop), its time and peak memory, beside the
 * reference of libvips' own command-line tool doing the same outputs one process each
 * (vipsthumbnail, as a shell script around libvips would), in one run, with the ratio.
 *
 *   build/bench/media_process [RUNS]      (default 3; the median of each is printed)
 *
 * The photo is drawn (media_generate()) at 4000x3000 with noise over it, so that it
 * compresses as a camera's JPEG does (some 5 MB at quality 92). Each run is a child process
 * (this program again, with --one or --reference: a fork of a process whose libvips threads
 * run would not be safe), so its peak resident memory (ru_maxrss of the child) is its own.
 */
#include "media/process.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <vips/vips.h>

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Runs this program with what and path in a child; its wall time in *secs and peak memory
 * (KiB) in *kib. */
static int measure(const char *what, const char *path, double *secs, long *kib)
{
    double t0 = now();
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        execl("/proc/self/exe", "media_process", what, path, (char *)NULL);
        _exit(127);
    }
    int status;
    struct rusage ru;
    if (wait4(pid, &status, 0, &ru) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
        return -1;
    *secs = now() - t0;
    *kib = ru.ru_maxrss;
    return 0;
}

static int ours(const char *arg)
{
    struct media_output out;
    int rc = media_process(arg, "0123456789abcdef0123456789abcdef", 50, 50, &out);
    if (rc == 0 && out.nfiles != 2 * MEDIA_NWIDTHS + 1)
        rc = -1;
    media_output_free(&out);
    return rc;
}

/* The reference: one vipsthumbnail process per output file. */
static int reference(const char *arg)
{
    const char *path = arg;
    char dir[] = "/tmp/sahifa-bench-XXXXXX";
    if (!mkdtemp(dir))
        return -1;
    char cmd[1024];
    int rc = 0;
    for (int i = 0; i < MEDIA_NWIDTHS && rc == 0; i++) {
        snprintf(cmd, sizeof cmd,
                 "vipsthumbnail %s --size %d -o %s/w%d.webp[Q=78,effort=3,strip] && "
                 "vipsthumbnail %s --size %d -o %s/w%d.jpg[Q=82,optimize_coding,interlace,strip]",
                 path, media_widths[i], dir, media_widths[i], path, media_widths[i], dir,
                 media_widths[i]);
        rc = system(cmd);
    }
    if (rc == 0) {
        snprintf(cmd, sizeof cmd,
                 "vipsthumbnail %s --size 1200x630 --smartcrop centre -o %s/social.jpg[Q=82]",
                 path, dir);
        rc = system(cmd);
    }
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (system(cmd) != 0)
        rc = -1;
    return rc;
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
    if (argc == 3 && strcmp(argv[1], "--one") == 0)
        return media_init(0) == 0 && ours(argv[2]) == 0 ? 0 : 1;
    if (argc == 3 && strcmp(argv[1], "--reference") == 0)
        return reference(argv[2]) == 0 ? 0 : 1;
    int runs = argc > 1 ? atoi(argv[1]) : 3;
    if (runs < 1 || runs > 50 || media_init(0) != 0)
        return 2;
    if (system("command -v vipsthumbnail >/dev/null") != 0) {
        fprintf(stderr, "vipsthumbnail is not installed (Debian libvips-tools)\n");
        return 2;
    }
    char drawn[] = "/tmp/sahifa-bench-drawn-XXXXXX.jpg", path[] = "/tmp/sahifa-bench-XXXXXX.jpg";
    int fd1 = mkstemps(drawn, 4), fd2 = mkstemps(path, 4);
    if (fd1 < 0 || fd2 < 0)
        return 1;
    close(fd1), close(fd2);
    VipsImage *sky = NULL, *noise = NULL, *sum = NULL;
    if (media_generate(drawn, 4000, 3000, 7) != 0 ||
        !(sky = vips_image_new_from_file(drawn, NULL)) ||
        vips_gaussnoise(&noise, 4000, 3000, "mean", 0.0, "sigma", 14.0, NULL) ||
        vips_add(sky, noise, &sum, NULL) ||
        vips_jpegsave(sum, path, "Q", 92, NULL)) {
        fprintf(stderr, "cannot make the test photo: %s\n", vips_error_buffer());
        return 1;
    }
    g_object_unref(sky), g_object_unref(noise), g_object_unref(sum);
    unlink(drawn);
    struct stat st;
    stat(path, &st);
    printf("photo: 4000x3000 JPEG, %.1f MB; outputs: %d widths x (WebP, JPEG) + social crop\n",
           (double)st.st_size / 1e6, MEDIA_NWIDTHS);
    fflush(stdout);

    double t_ours[50], t_ref[50];
    long m_ours = 0, m_ref = 0;
    for (int i = 0; i < runs; i++) {
        long kib;
        if (measure("--one", path, &t_ours[i], &kib) != 0) {
            fprintf(stderr, "media_process failed\n");
            return 1;
        }
        m_ours = kib > m_ours ? kib : m_ours;
        if (measure("--reference", path, &t_ref[i], &kib) != 0) {
            fprintf(stderr, "the reference failed\n");
            return 1;
        }
        m_ref = kib > m_ref ? kib : m_ref;
    }
    qsort(t_ours, (size_t)runs, sizeof *t_ours, by_value);
    qsort(t_ref, (size_t)runs, sizeof *t_ref, by_value);
    double a = t_ours[runs / 2], b = t_ref[runs / 2];
    printf("%-44s %8.3f s  peak %6.1f MB\n", "sahifa media_process (one process)", a,
           (double)m_ours / 1024);
    printf("%-44s %8.3f s  peak %6.1f MB (largest child)\n", "vipsthumbnail, one process per file",
           b, (double)m_ref / 1024);
    printf("reference / sahifa (time): %.2f\n", b / a);
    unlink(path);
    return 0;
}
