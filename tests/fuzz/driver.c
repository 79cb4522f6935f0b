/* tests/fuzz/driver.c - a plain main() for the fuzz targets, so that
 * committed seeds and crashers replay without libFuzzer (make
 * fuzz-regress; any C compiler with ASan/UBSan, gcc on a bare Debian).
 *
 *     fuzz_<target> [-q] FILE|DIR ...
 *
 * Every regular file named, and every regular file directly inside a
 * named directory (names starting with '.' skipped), is read whole into
 * an exact-size buffer and passed to LLVMFuzzerTestOneInput() in a child
 * process, so one crashing input is counted and named and the rest still
 * run; LeakSanitizer checks each child as it exits. Directories are read
 * in sorted order, so runs are reproducible.
 * Prints "NAME: N inputs, F failures" (NAME is argv[0]'s base name) and
 * exits 1 when F > 0 or a path cannot be read. */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct tally {
	unsigned long inputs, failures, unreadable;
};

/* Whole file into a malloc'd buffer of exactly its size; -1 on error. */
static int read_whole(const char *path, uint8_t **out, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return -1;
	size_t cap = 4096, n = 0;
	uint8_t *buf = malloc(cap);
	for (;;) {
		if (!buf) {
			fclose(fp);
			return -1;
		}
		n += fread(buf + n, 1, cap - n, fp);
		if (n < cap)
			break;
		uint8_t *bigger = realloc(buf, cap * 2);
		if (!bigger)
			free(buf);
		buf = bigger;
		cap *= 2;
	}
	int bad = ferror(fp);
	fclose(fp);
	if (bad) {
		free(buf);
		return -1;
	}
	/* Shrink to the exact size so that ASan sees a read past the end. */
	uint8_t *exact = malloc(n ? n : 1);
	if (!exact) {
		free(buf);
		return -1;
	}
	memcpy(exact, buf, n);
	free(buf);
	*out = exact;
	*len = n;
	return 0;
}

static void run_one(const char *path, struct tally *t)
{
	uint8_t *data;
	size_t len;

	if (read_whole(path, &data, &len) != 0) {
		fprintf(stderr, "driver: %s: %s\n", path, strerror(errno));
		t->unreadable++;
		return;
	}
	t->inputs++;
	fflush(NULL);
	pid_t pid = fork();
	if (pid == 0) {
		LLVMFuzzerTestOneInput(data, len);
		free(data);
		exit(0);
	}
	free(data);
	int st = 0;
	if (pid < 0 || waitpid(pid, &st, 0) != pid ||
	    !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
		t->failures++;
		if (pid > 0 && WIFSIGNALED(st))
			fprintf(stderr, "driver: FAIL %s (signal %d)\n", path,
				WTERMSIG(st));
		else
			fprintf(stderr, "driver: FAIL %s (exit %d)\n", path,
				WIFEXITED(st) ? WEXITSTATUS(st) : -1);
	}
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void run_dir(const char *dir, struct tally *t)
{
	DIR *d = opendir(dir);
	if (!d) {
		fprintf(stderr, "driver: %s: %s\n", dir, strerror(errno));
		t->unreadable++;
		return;
	}
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *de;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			char **bigger = realloc(names, cap * sizeof(*names));
			if (!bigger)
				abort();
			names = bigger;
		}
		size_t plen = strlen(dir) + strlen(de->d_name) + 2;
		names[n] = malloc(plen);
		if (!names[n])
			abort();
		snprintf(names[n++], plen, "%s/%s", dir, de->d_name);
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof(*names), by_name);
	for (size_t i = 0; i < n; i++) {
		struct stat sb;
		if (stat(names[i], &sb) == 0 && S_ISREG(sb.st_mode))
			run_one(names[i], t);
		free(names[i]);
	}
	free(names);
}

int main(int argc, char **argv)
{
	struct tally t = { 0, 0, 0 };
	const char *name = strrchr(argv[0], '/');
	int quiet = 0;

	name = name ? name + 1 : argv[0];
	for (int i = 1; i < argc; i++) {
		struct stat sb;
		if (strcmp(argv[i], "-q") == 0) {
			quiet = 1;
			continue;
		}
		if (stat(argv[i], &sb) != 0) {
			fprintf(stderr, "driver: %s: %s\n", argv[i], strerror(errno));
			t.unreadable++;
		} else if (S_ISDIR(sb.st_mode)) {
			run_dir(argv[i], &t);
		} else {
			run_one(argv[i], &t);
		}
	}
	if (!quiet || t.failures || t.unreadable)
		printf("%s: %lu inputs, %lu failures\n", name, t.inputs,
		       t.failures + t.unreadable);
	return t.failures || t.unreadable ? 1 : 0;
}
