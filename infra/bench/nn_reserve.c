/* Closed-loop reservers calling code-inventory's ReserveCodes over the bus, written in C so the
 * load generator costs about what wrk costs on the HTTP side: the figure is the service's own
 * latency (nanomsg, protobuf, its batching and Postgres), not a Swift client's scheduling.
 *
 *   nn_reserve <url> <campaign> <codes_file_prefix> [seconds=5] [reservers=32] [count=10]
 *
 * Each reserver is a thread with its own cooked REQ socket (one call in flight, like a wrk
 * connection) sending Envelope{method "ReserveCodes", principal service:code-inventory-bench,
 * body ReserveCodesRequest{campaign, "tm", count}} until the time is up. A call counts when the
 * Reply is OK and carries exactly `count` codes; every code handed out is written, one per line,
 * to <codes_file_prefix>-<thread> for the caller's duplicate check. Prints one line on stdout:
 *
 *   RESULT <calls> <failed calls> <p50 us> <p95 us> <p99 us>
 *
 * Build: see the Makefile (needs Shared/CProto's generated C for common and code_inventory).
 */
#include <nanomsg/nn.h>
#include <nanomsg/reqrep.h>
#include <nanomsg/tcp.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "code_inventory.pb-c.h"
#include "common.pb-c.h"

typedef struct {
    int index;
    const char *url;
    const char *prefix;
    uint8_t *request;       /* the packed Envelope, the same for every call */
    size_t request_length;
    size_t count;
    double end;
    uint32_t *latencies;    /* microseconds of the successful calls */
    size_t calls, failures, capacity;
    int error;
} Reserver;

static double now_seconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int compare_u32(const void *a, const void *b) {
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

/* True when the reply is OK with exactly `count` codes; writes the codes to `out`. */
static int accept_reply(const uint8_t *bytes, size_t length, size_t count, FILE *out) {
    Platform__Reply *reply = platform__reply__unpack(NULL, length, bytes);
    if (!reply) return 0;
    int ok = 0;
    if (reply->status == PLATFORM__CODE__OK) {
        CodeInventory__ReserveCodesReply *codes = code_inventory__reserve_codes_reply__unpack(NULL, reply->body.len, reply->body.data);
        if (codes) {
            ok = codes->n_codes == count;
            for (size_t i = 0; ok && i < codes->n_codes; i++) {
                fputs(codes->codes[i], out);
                fputc('\n', out);
            }
            code_inventory__reserve_codes_reply__free_unpacked(codes, NULL);
        }
    }
    platform__reply__free_unpacked(reply, NULL);
    return ok;
}

static void *reserve_loop(void *arg) {
    Reserver *r = arg;
    char path[4096];
    snprintf(path, sizeof(path), "%s-%d", r->prefix, r->index);
    FILE *out = fopen(path, "w");
    int s = nn_socket(AF_SP, NN_REQ);
    int one = 1, timeout = 10000;
    if (!out || s < 0) { r->error = 1; return NULL; }
    setvbuf(out, NULL, _IOFBF, 1 << 20);
    nn_setsockopt(s, NN_TCP, NN_TCP_NODELAY, &one, sizeof(one));
    nn_setsockopt(s, NN_SOL_SOCKET, NN_RCVTIMEO, &timeout, sizeof(timeout));
    nn_setsockopt(s, NN_SOL_SOCKET, NN_SNDTIMEO, &timeout, sizeof(timeout));
    if (nn_connect(s, r->url) < 0) { r->error = 1; nn_close(s); fclose(out); return NULL; }
    while (now_seconds() < r->end) {
        double start = now_seconds();
        void *reply = NULL;
        int n = -1;
        if (nn_send(s, r->request, r->request_length, 0) >= 0) n = nn_recv(s, &reply, NN_MSG, 0);
        double seconds = now_seconds() - start;
        int ok = n >= 0 && accept_reply(reply, (size_t)n, r->count, out);
        if (reply) nn_freemsg(reply);
        r->calls++;
        if (!ok) { r->failures++; continue; }
        if (r->calls - r->failures > r->capacity) {
            r->capacity = r->capacity ? r->capacity * 2 : 65536;
            r->latencies = realloc(r->latencies, r->capacity * sizeof(uint32_t));
            if (!r->latencies) { r->error = 1; break; }
        }
        r->latencies[r->calls - r->failures - 1] = (uint32_t)(seconds * 1e6);
    }
    nn_close(s);
    if (fclose(out) != 0) r->error = 1;
    return NULL;
}

/* Nearest rank, as the Swift bench's Stopwatch.percentile. */
static uint32_t percentile(const uint32_t *sorted, size_t n, double p) {
    if (n == 0) return 0;
    double exact = p / 100.0 * (double)n;
    size_t rank = (size_t)exact;
    if ((double)rank < exact) rank++;
    if (rank < 1) rank = 1;
    return sorted[(rank < n ? rank : n) - 1];
}

int main(int argc, char **argv) {
    if (argc < 4) {
        fprintf(stderr, "usage: nn_reserve <url> <campaign> <codes_file_prefix> [seconds=5] [reservers=32] [count=10]\n");
        return 2;
    }
    double seconds = argc > 4 ? atof(argv[4]) : 5;
    int reservers = argc > 5 ? atoi(argv[5]) : 32;
    int count = argc > 6 ? atoi(argv[6]) : 10;
    if (seconds <= 0 || reservers <= 0 || count <= 0) { fprintf(stderr, "nn_reserve: bad arguments\n"); return 2; }

    CodeInventory__ReserveCodesRequest request = CODE_INVENTORY__RESERVE_CODES_REQUEST__INIT;
    request.campaign_id = argv[2];
    request.type = "tm";
    request.count = count;
    size_t body_length = code_inventory__reserve_codes_request__get_packed_size(&request);
    uint8_t *body = malloc(body_length);
    code_inventory__reserve_codes_request__pack(&request, body);

    char *roles[] = {"service"};
    Platform__Principal principal = PLATFORM__PRINCIPAL__INIT;
    principal.subject = "service:code-inventory-bench";
    principal.n_roles = 1;
    principal.roles = roles;
    struct timespec wall;
    clock_gettime(CLOCK_REALTIME, &wall);
    Platform__Envelope envelope = PLATFORM__ENVELOPE__INIT;
    envelope.method = "ReserveCodes";
    envelope.principal = &principal;
    /* One deadline for the whole run (plus the calls' own 10 s receive timeout). */
    envelope.deadline_unix_ms = (int64_t)wall.tv_sec * 1000 + wall.tv_nsec / 1000000 + (int64_t)(seconds * 1000) + 30000;
    envelope.body.data = body;
    envelope.body.len = body_length;
    size_t packed_length = platform__envelope__get_packed_size(&envelope);
    uint8_t *packed = malloc(packed_length);
    platform__envelope__pack(&envelope, packed);

    Reserver *all = calloc((size_t)reservers, sizeof(Reserver));
    pthread_t *threads = calloc((size_t)reservers, sizeof(pthread_t));
    double end = now_seconds() + seconds;
    for (int i = 0; i < reservers; i++) {
        all[i] = (Reserver){.index = i, .url = argv[1], .prefix = argv[3], .request = packed,
                            .request_length = packed_length, .count = (size_t)count, .end = end};
        if (pthread_create(&threads[i], NULL, reserve_loop, &all[i]) != 0) { fprintf(stderr, "nn_reserve: pthread_create\n"); return 1; }
    }
    size_t calls = 0, failures = 0, ok = 0;
    int error = 0;
    for (int i = 0; i < reservers; i++) {
        pthread_join(threads[i], NULL);
        calls += all[i].calls;
        failures += all[i].failures;
        ok += all[i].calls - all[i].failures;
        error |= all[i].error;
    }
    if (error) { fprintf(stderr, "nn_reserve: a reserver could not open its socket or codes file\n"); return 1; }
    uint32_t *latencies = malloc((ok ? ok : 1) * sizeof(uint32_t));
    size_t k = 0;
    for (int i = 0; i < reservers; i++) {
        memcpy(latencies + k, all[i].latencies, (all[i].calls - all[i].failures) * sizeof(uint32_t));
        k += all[i].calls - all[i].failures;
    }
    qsort(latencies, ok, sizeof(uint32_t), compare_u32);
    printf("RESULT %zu %zu %u %u %u\n", calls, failures, percentile(latencies, ok, 50), percentile(latencies, ok, 95),
           percentile(latencies, ok, 99));
    return 0;
}
