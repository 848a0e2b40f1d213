/*
 * test_outfile.c — base/outfile: what an output path gets (issue 11,
 * "Clobbered outputs"), through both temporary files: the unnamed O_TMPFILE
 * one and the named O_EXCL fallback (setu__outfile_named_only), each on
 * success and on failure, plus symlinks, FIFOs and a device in place.
 */
#include "outfile.h"
#include "testutil.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char *dir;
static char path[4096];

static const char *at(const char *name)
{
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return path;
}

/* Files in dir whose name holds ".setu-" (temporary files). */
static int leftovers(void)
{
    DIR *d = opendir(dir);
    int n = 0;
    for (struct dirent *e; d && (e = readdir(d));)
        n += strstr(e->d_name, ".setu-") != NULL;
    if (d)
        closedir(d);
    return n;
}

static void put(const char *name, const char *text, mode_t mode)
{
    FILE *f = fopen(at(name), "w");
    CU_ASSERT_FATAL(f != NULL);
    fputs(text, f);
    fclose(f);
    chmod(at(name), mode);
}

static int is(const char *name, const char *text)
{
    char *got = test_slurp(at(name), NULL);
    const int same = got && strcmp(got, text) == 0;
    free(got);
    return same;
}

/* Writes text to name through an outfile and closes it with st. */
static setu_status write_out(const char *name, const char *text, setu_status st)
{
    setu__outfile o;
    setu_err err = {0};
    setu_status s = setu__outfile_open(&o, at(name), &err);
    if (s == SETU_OK) {
        /* The temporary file is the one asked for: named or unnamed. */
        if (o.target)
            CU_ASSERT_EQUAL(o.tmp != NULL, setu__outfile_named_only);
        CU_ASSERT_EQUAL(o.anon, o.target && !setu__outfile_named_only);
        fputs(text, o.f);
    }
    return setu__outfile_close(&o, s == SETU_OK ? st : s, &err);
}

static void both_ways(void (*fn)(void))
{
    for (int named = 0; named <= 1; named++) {
        setu__outfile_named_only = named;
        dir = test_tmpdir();
        fn();
        CU_ASSERT_EQUAL(leftovers(), 0);
        test_tmpdir_remove(dir);
    }
    setu__outfile_named_only = 0;
}

static void new_and_replaced(void)
{
    const mode_t old = umask(027);
    CU_ASSERT_EQUAL(write_out("new.txt", "new\n", SETU_OK), SETU_OK);
    umask(old);
    struct stat sb;
    CU_ASSERT(is("new.txt", "new\n"));
    CU_ASSERT(stat(at("new.txt"), &sb) == 0 && (sb.st_mode & 0777) == 0640);
    put("kept.txt", "old\n", 0604);
    CU_ASSERT_EQUAL(write_out("kept.txt", "replaced\n", SETU_OK), SETU_OK);
    CU_ASSERT(is("kept.txt", "replaced\n"));
    CU_ASSERT(stat(at("kept.txt"), &sb) == 0 && (sb.st_mode & 0777) == 0604);
}

static void failure_keeps_the_old_file(void)
{
    put("out.txt", "earlier\n", 0644);
    CU_ASSERT_EQUAL(write_out("out.txt", "half", SETU_EIO), SETU_EIO);
    CU_ASSERT(is("out.txt", "earlier\n"));
    CU_ASSERT_EQUAL(write_out("fresh.txt", "half", SETU_EIO), SETU_EIO);
    CU_ASSERT(access(at("fresh.txt"), F_OK) != 0);
}

static void symlink_written_through(void)
{
    put("target.txt", "old\n", 0644);
    CU_ASSERT_FATAL(symlink("target.txt", at("link.txt")) == 0);
    CU_ASSERT_EQUAL(write_out("link.txt", "through\n", SETU_OK), SETU_OK);
    struct stat sb;
    CU_ASSERT(lstat(at("link.txt"), &sb) == 0 && S_ISLNK(sb.st_mode));
    CU_ASSERT(is("target.txt", "through\n"));
    CU_ASSERT_FATAL(symlink("missing.txt", at("dangling.txt")) == 0);
    CU_ASSERT_EQUAL(write_out("dangling.txt", "made\n", SETU_OK), SETU_OK);
    CU_ASSERT(lstat(at("dangling.txt"), &sb) == 0 && S_ISLNK(sb.st_mode));
    CU_ASSERT(is("missing.txt", "made\n"));
}

static void fifo_in_place(void)
{
    CU_ASSERT_FATAL(mkfifo(at("fifo"), 0600) == 0);
    const int rd = open(at("fifo"), O_RDONLY | O_NONBLOCK);
    CU_ASSERT_FATAL(rd >= 0);
    CU_ASSERT_EQUAL(write_out("fifo", "via fifo\n", SETU_OK), SETU_OK);
    char buf[64] = {0};
    CU_ASSERT_EQUAL(read(rd, buf, sizeof buf - 1), 9);
    CU_ASSERT_STRING_EQUAL(buf, "via fifo\n");
    close(rd);
    struct stat sb;
    CU_ASSERT(lstat(at("fifo"), &sb) == 0 && S_ISFIFO(sb.st_mode));
}

static void device_in_place(void)
{
    setu__outfile o;
    setu_err err = {0};
    CU_ASSERT_EQUAL_FATAL(setu__outfile_open(&o, "/dev/null", &err), SETU_OK);
    CU_ASSERT(o.target == NULL && o.tmp == NULL);
    fputs("nothing\n", o.f);
    CU_ASSERT_EQUAL(setu__outfile_close(&o, SETU_OK, &err), SETU_OK);
    struct stat sb;
    CU_ASSERT(stat("/dev/null", &sb) == 0 && S_ISCHR(sb.st_mode) && sb.st_size == 0);
}

static void missing_directory(void)
{
    CU_ASSERT_EQUAL(write_out("no/such/dir.txt", "x", SETU_OK), SETU_ENOENT);
}

static void t_new_and_replaced(void) { both_ways(new_and_replaced); }
static void t_failure(void) { both_ways(failure_keeps_the_old_file); }
static void t_symlink(void) { both_ways(symlink_written_through); }
static void t_fifo(void) { both_ways(fifo_in_place); }
static void t_device(void) { both_ways(device_in_place); }
static void t_missing_directory(void) { both_ways(missing_directory); }

int main(void)
{
    static const test_case cases[] = {
        {"new file gets the umask, a replaced one keeps its mode", t_new_and_replaced},
        {"a failed write keeps the earlier file, leaves nothing", t_failure},
        {"symlinks are written through", t_symlink},
        {"a FIFO is written in place", t_fifo},
        {"a device is written in place", t_device},
        {"a missing directory is ENOENT", t_missing_directory},
        {NULL, NULL},
    };
    return test_run_suite("outfile", cases);
}
