/*
 * benchproc.h — what the benchmarks that drive a setu process share: a
 * child on a pair of pipes, its CPU time, wall-clock time, and the
 * percentile report.  Header-only (static functions), like tm_gen.h: each
 * benchmark is one program.
 */
#ifndef SETU_BENCHPROC_H
#define SETU_BENCHPROC_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

typedef struct bench_proc {
    pid_t pid;
    FILE *to;   /* the child's stdin */
    FILE *from; /* the child's stdout */
} bench_proc;

static double bench_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* Starts argv[0] (a path) with its stdin and stdout on pipes; 0 or -1. */
static int bench_proc_start(bench_proc *p, char *const argv[])
{
    int in[2], out[2];
    if (pipe(in) != 0 || pipe(out) != 0)
        return -1;
    p->pid = fork();
    if (p->pid < 0)
        return -1;
    if (p->pid == 0) {
        dup2(in[0], 0);
        dup2(out[1], 1);
        close(in[0]);
        close(in[1]);
        close(out[0]);
        close(out[1]);
        execv(argv[0], argv);
        perror(argv[0]);
        _exit(127);
    }
    close(in[0]);
    close(out[1]);
    p->to = fdopen(in[1], "w");
    p->from = fdopen(out[0], "r");
    return p->to && p->from ? 0 : -1;
}

/* The child's time on a CPU so far, in ms, from /proc/PID/schedstat
 * (nanoseconds); -1 where the kernel does not keep it.  Unlike wall-clock
 * latency it does not grow with what else the machine runs. */
static double bench_proc_cpu_ms(const bench_proc *p)
{
    char path[64];
    unsigned long long ns = 0;
    snprintf(path, sizeof path, "/proc/%d/schedstat", (int)p->pid);
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    const int ok = fscanf(f, "%llu", &ns) == 1;
    fclose(f);
    return ok ? (double)ns / 1e6 : -1;
}

/* Closes the pipes (end of input), waits for the child and returns its exit
 * status (128 when a signal ended it); *cpu_ms (if not NULL) gets the CPU
 * time it used in all. */
static int bench_proc_stop(bench_proc *p, double *cpu_ms)
{
    fclose(p->to);
    fclose(p->from);
    int status = 0;
    struct rusage ru;
    memset(&ru, 0, sizeof ru);
    wait4(p->pid, &status, 0, &ru);
    if (cpu_ms)
        *cpu_ms = (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 +
                  (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

static int bench_cmp_double(const void *a, const void *b)
{
    const double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Sorts ms[0..n) and prints its percentiles under name; returns p99. */
static double bench_report(const char *name, double *ms, long n)
{
    qsort(ms, (size_t)n, sizeof *ms, bench_cmp_double);
    double sum = 0;
    for (long i = 0; i < n; i++)
        sum += ms[i];
    printf("%-34s n=%-6ld p50 %6.3f ms  p90 %6.3f ms  p99 %6.3f ms  max %7.3f ms  mean %6.3f ms\n",
           name, n, ms[n / 2], ms[(n * 90) / 100], ms[(n * 99) / 100], ms[n - 1],
           sum / (double)n);
    return ms[(n * 99) / 100];
}

#endif
