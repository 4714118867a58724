/* Reference figure for the Swift bus: a plain C nanomsg REQ/REP round-trip loop.
 *
 *   nn_loop <url> [round_trips=100000] [message_bytes=32]
 *
 * A REP echo server (one thread) binds <url>; a cooked REQ client in the same process connects
 * and sends one message at a time, waiting for each echo. TCP_NODELAY is on (as in the bus).
 * Prints exactly one result line on stdout:
 *
 *   c-loop <url> <N> round trips: <us per op> us/op, <ops per s> ops/s
 *
 * Build: cc -O2 -o nn_loop nn_loop.c $(pkg-config --cflags --libs nanomsg) -lpthread
 */
#include <nanomsg/nn.h>
#include <nanomsg/reqrep.h>
#include <nanomsg/tcp.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static int server_sock = -1;

static void die(const char *what) {
    fprintf(stderr, "nn_loop: %s: %s\n", what, nn_strerror(nn_errno()));
    exit(1);
}

static double now_seconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void set_common(int s) {
    int one = 1, max = -1, timeout = 5000;
    nn_setsockopt(s, NN_TCP, NN_TCP_NODELAY, &one, sizeof(one));   /* ignored by non-tcp transports */
    nn_setsockopt(s, NN_SOL_SOCKET, NN_RCVMAXSIZE, &max, sizeof(max));
    nn_setsockopt(s, NN_SOL_SOCKET, NN_RCVTIMEO, &timeout, sizeof(timeout));
    nn_setsockopt(s, NN_SOL_SOCKET, NN_SNDTIMEO, &timeout, sizeof(timeout));
}

static void *echo_server(void *arg) {
    (void)arg;
    for (;;) {
        void *buf = NULL;
        int n = nn_recv(server_sock, &buf, NN_MSG, 0);
        if (n < 0) {
            if (nn_errno() == ETIMEDOUT || nn_errno() == EINTR) continue;
            break; /* ETERM / EBADF: shutting down */
        }
        if (nn_send(server_sock, &buf, NN_MSG, 0) < 0) {
            nn_freemsg(buf);
            if (nn_errno() == ETERM || nn_errno() == EBADF) break;
        }
    }
    return NULL;
}

static void round_trip(int client, const char *msg, size_t size, char *reply) {
    if (nn_send(client, msg, size, 0) != (int)size) die("nn_send");
    int n = nn_recv(client, reply, size, 0);
    if (n < 0) die("nn_recv");
    if ((size_t)n != size || memcmp(reply, msg, size) != 0) {
        fprintf(stderr, "nn_loop: reply does not match the request\n");
        exit(1);
    }
}

int main(int argc, char **argv) {
    if (argc < 2 || argc > 4) {
        fprintf(stderr, "usage: %s <url> [round_trips=100000] [message_bytes=32]\n", argv[0]);
        return 2;
    }
    const char *url = argv[1];
    long n = argc > 2 ? atol(argv[2]) : 100000;
    long size = argc > 3 ? atol(argv[3]) : 32;
    if (n <= 0 || size <= 0 || size > 1 << 20) {
        fprintf(stderr, "nn_loop: round_trips and message_bytes must be positive (message_bytes <= 1 MiB)\n");
        return 2;
    }

    server_sock = nn_socket(AF_SP, NN_REP);
    if (server_sock < 0) die("nn_socket(REP)");
    set_common(server_sock);
    if (nn_bind(server_sock, url) < 0) die("nn_bind");

    pthread_t thread;
    if (pthread_create(&thread, NULL, echo_server, NULL) != 0) { perror("pthread_create"); return 1; }

    int client = nn_socket(AF_SP, NN_REQ);
    if (client < 0) die("nn_socket(REQ)");
    set_common(client);
    if (nn_connect(client, url) < 0) die("nn_connect");

    char *msg = malloc((size_t)size), *reply = malloc((size_t)size);
    if (msg == NULL || reply == NULL) { perror("malloc"); return 1; }
    for (long i = 0; i < size; i++) msg[i] = (char)('a' + i % 26);

    long warmup = n / 10 < 1000 ? n / 10 : 1000;
    for (long i = 0; i < warmup; i++) round_trip(client, msg, (size_t)size, reply);

    double start = now_seconds();
    for (long i = 0; i < n; i++) {
        memcpy(msg, &i, sizeof(i) < (size_t)size ? sizeof(i) : (size_t)size);
        round_trip(client, msg, (size_t)size, reply);
    }
    double elapsed = now_seconds() - start;

    printf("c-loop %s %ld round trips: %.2f us/op, %.0f ops/s\n", url, n, elapsed * 1e6 / (double)n,
           (double)n / elapsed);
    fflush(stdout);

    nn_close(client);
    nn_term(); /* wakes the server thread with ETERM */
    pthread_join(thread, NULL);
    nn_close(server_sock);
    if (strncmp(url, "ipc://", 6) == 0) unlink(url + 6);
    free(msg);
    free(reply);
    return 0;
}
