/* ueventreader: the C side of scripts/uevent-decode-bench.sh. Reads a capture of kernel uevents
 * (datagrams, each after its length as 4 little-endian bytes) and parses each as a program that
 * speaks NETLINK_KOBJECT_UEVENT does — the header ACTION@DEVPATH, then the KEY=VALUE strings, each
 * NUL-terminated — REPS times, reporting the best and median time of a pass and a checksum: the
 * properties and their value bytes summed (nlbench's `uevents` sums the same).
 *
 *   cc -O2 -o ueventreader scripts/bench/ueventreader.c && ./ueventreader CAPTURE [REPS]
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static int compare(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* One datagram: 0 and the sums when it is a uevent, -1 when not. */
static int parse(const unsigned char *data, size_t length, uint64_t *properties, uint64_t *bytes) {
    const unsigned char *end = data + length, *string = data;
    const unsigned char *nul = memchr(string, 0, length);
    if (!nul || !memchr(string, '@', nul - string)) return -1;
    string = nul + 1;
    uint64_t count = 0, total = 0;
    while (string < end) {
        nul = memchr(string, 0, end - string);
        if (!nul) return -1;
        const unsigned char *equals = memchr(string, '=', nul - string);
        if (!equals || equals == string) return -1;
        count++;
        total += nul - equals - 1;
        string = nul + 1;
    }
    *properties += count;
    *bytes += total;
    return 0;
}

int main(int argc, char **argv) {
    if (argc < 2) { fprintf(stderr, "usage: ueventreader CAPTURE [REPS]\n"); return 2; }
    int reps = argc > 2 ? atoi(argv[2]) : 1;
    if (reps < 1 || reps > 1000) reps = 1;
    FILE *file = fopen(argv[1], "rb");
    if (!file) { perror(argv[1]); return 1; }
    fseek(file, 0, SEEK_END);
    long size = ftell(file);
    fseek(file, 0, SEEK_SET);
    unsigned char *data = malloc(size > 0 ? size : 1);
    if (fread(data, 1, size, file) != (size_t)size) { perror("fread"); return 1; }
    fclose(file);
    double *times = malloc(sizeof(double) * reps);
    long messages = 0;
    uint64_t checksum = 0;
    for (int r = 0; r < reps; r++) {
        double start = now();
        uint64_t properties = 0, bytes = 0;
        messages = 0;
        for (long offset = 0; offset + 4 <= size;) {
            uint32_t length = data[offset] | data[offset + 1] << 8 | data[offset + 2] << 16 | (uint32_t)data[offset + 3] << 24;
            offset += 4;
            if (length > (uint64_t)(size - offset)) { fprintf(stderr, "a truncated capture\n"); return 1; }
            if (parse(data + offset, length, &properties, &bytes) == 0) messages++;
            offset += length;
        }
        checksum = properties + bytes;
        times[r] = now() - start;
    }
    qsort(times, reps, sizeof(double), compare);
    printf("ueventreader msgs=%ld best_s=%.6f median_s=%.6f checksum=%llu\n", messages, times[0], times[reps / 2], (unsigned long long)checksum);
    return 0;
}
