/*
 * The C load generator of the comparison's ping-pong tests: what LoadGenerator does in Java, in C, so
 * that the generator's own cost is as small as it can be made and the fastest servers are not measured
 * against the client's ceiling.
 *
 *   load_epoll <port> <connections> <threads>
 *
 * opens <connections> TCP connections to 127.0.0.1:<port>, spread over <threads> threads of one epoll(7)
 * set each, at most MAX_PENDING connects in progress at once (as LoadGenerator: no listen backlog
 * overflows); each connection keeps one 64-byte message outstanding: send, read the whole echo, count
 * the round trip and its time (CLOCK_MONOTONIC), send again. Each thread counts into a histogram of its
 * own; the main thread reads them.
 *
 * Standard output, standard input (NativeLoadGenerator reads and writes them):
 *   out: ready <opened> <answered> <errors>    once every connection has had its first echo, or none
 *                                              more has for STALL_SECONDS
 *   in:  interval                              out: interval <nanos> <round trips> <errors> <value>:<count> ...
 *        the round trips since the last interval (or ready), with their latency: <count> round trips took
 *        about <value> ns (buckets of 1/128 of a power of two, so within 0.8%); <errors> since the start
 *   in:  stop, or end of input                 closes every connection and exits
 *   out: error <text>                          once, before the next answer, after the first error
 *
 * Built by the benchmark itself (cc -O2 -pthread), never shipped: the library has no native code.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MESSAGE_SIZE 64
#define MAX_PENDING 128
#define STALL_SECONDS 5
#define EVENTS 256
/* a value below 2^SUB_BITS is its own bucket; above, 2^(SUB_BITS-1) buckets per power of two */
#define SUB_BITS 8
#define HALF (1 << (SUB_BITS - 1))
#define BUCKETS ((1 << SUB_BITS) + 48 * HALF)

struct connection {
    int fd;
    int connecting;
    int answered;
    size_t written, received;
    uint64_t sent_at;
    char response[MESSAGE_SIZE];
};

struct worker {
    pthread_t thread;
    int epoll_fd;
    int share; /* connections this thread opens */
    struct connection *connections;
    uint64_t histogram[BUCKETS]; /* written by the worker, emptied by the main thread: atomics */
};

static struct sockaddr_in server;
static volatile int stopping;
static int pending_limit; /* connects in progress per thread: MAX_PENDING for all threads together */
static uint64_t opened, answered, errors; /* atomics */
static char first_error[200];
static int first_error_set, first_error_told;
static const char message[MESSAGE_SIZE];

static uint64_t now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t) t.tv_sec * 1000000000u + (uint64_t) t.tv_nsec;
}

static int bucket(uint64_t value) {
    if (value < (1u << SUB_BITS)) return (int) value;
    int shift = 63 - __builtin_clzll(value) - (SUB_BITS - 1); /* value >> shift is in [HALF, 2 * HALF) */
    int index = (1 << SUB_BITS) + (shift - 1) * HALF + (int) ((value >> shift) - HALF);
    return index < BUCKETS ? index : BUCKETS - 1;
}

/* The middle of the values a bucket holds. */
static uint64_t bucket_value(int index) {
    if (index < (1 << SUB_BITS)) return (uint64_t) index;
    int shift = (index - (1 << SUB_BITS)) / HALF + 1;
    uint64_t top = (uint64_t) ((index - (1 << SUB_BITS)) % HALF + HALF);
    return (top << shift) + ((1ull << shift) >> 1);
}

static void fail(struct worker *w, struct connection *c, const char *what, int error) {
    (void) w;
    if (c->fd >= 0) close(c->fd);
    c->fd = -1;
    if (stopping) return;
    __atomic_add_fetch(&errors, 1, __ATOMIC_RELAXED);
    int expected = 0;
    if (__atomic_compare_exchange_n(&first_error_set, &expected, 1, 0, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
        snprintf(first_error, sizeof first_error, "%s: %s", what, error ? strerror(error) : "Connection closed by the server");
        __atomic_store_n(&first_error_set, 2, __ATOMIC_RELEASE);
    }
}

static int watch(struct worker *w, struct connection *c, int op, unsigned events) {
    struct epoll_event event = {.events = events, .data.ptr = c};
    return epoll_ctl(w->epoll_fd, op, c->fd, &event);
}

static void send_rest(struct worker *w, struct connection *c) {
    while (c->written < MESSAGE_SIZE) {
        ssize_t n = send(c->fd, message + c->written, MESSAGE_SIZE - c->written, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            if (watch(w, c, EPOLL_CTL_MOD, EPOLLIN | EPOLLOUT) < 0) fail(w, c, "epoll_ctl", errno);
            return;
        }
        if (n < 0) { fail(w, c, "send", errno); return; }
        c->written += (size_t) n;
    }
}

static void send_message(struct worker *w, struct connection *c) {
    c->written = 0;
    c->sent_at = now();
    send_rest(w, c);
}

static void open_one(struct worker *w, struct connection *c) {
    __atomic_add_fetch(&opened, 1, __ATOMIC_RELAXED);
    c->fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (c->fd < 0) { fail(w, c, "socket", errno); return; }
    int one = 1;
    setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    c->connecting = 1;
    if (connect(c->fd, (struct sockaddr *) &server, sizeof server) < 0 && errno != EINPROGRESS) {
        fail(w, c, "connect", errno);
        return;
    }
    /* connected at once or not, EPOLLOUT says so: one path for both */
    if (watch(w, c, EPOLL_CTL_ADD, EPOLLOUT) < 0) fail(w, c, "epoll_ctl", errno);
}

static void ready(struct worker *w, struct connection *c, unsigned events, int *pending) {
    if (c->connecting) {
        c->connecting = 0;
        (*pending)--;
        int error = 0;
        socklen_t length = sizeof error;
        getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &error, &length);
        if (error != 0) { fail(w, c, "connect", error); return; }
        if (watch(w, c, EPOLL_CTL_MOD, EPOLLIN) < 0) { fail(w, c, "epoll_ctl", errno); return; }
        send_message(w, c);
        return;
    }
    if (events & (EPOLLIN | EPOLLERR | EPOLLHUP)) {
        ssize_t n = read(c->fd, c->response + c->received, MESSAGE_SIZE - c->received);
        if (n < 0 && (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK)) return;
        if (n <= 0) { fail(w, c, "read", n < 0 ? errno : 0); return; }
        c->received += (size_t) n;
        if (c->received < MESSAGE_SIZE) return;
        c->received = 0;
        __atomic_add_fetch(&w->histogram[bucket(now() - c->sent_at)], 1, __ATOMIC_RELAXED);
        if (!c->answered) {
            c->answered = 1;
            __atomic_add_fetch(&answered, 1, __ATOMIC_RELAXED);
        }
        if (!stopping) send_message(w, c);
        return;
    }
    if ((events & EPOLLOUT) && c->fd >= 0) {
        send_rest(w, c);
        if (c->fd >= 0 && c->written == MESSAGE_SIZE && watch(w, c, EPOLL_CTL_MOD, EPOLLIN) < 0) fail(w, c, "epoll_ctl", errno);
    }
}

static void *run(void *argument) {
    struct worker *w = argument;
    int next = 0, pending = 0;
    struct epoll_event events[EVENTS];
    while (!stopping) {
        while (next < w->share && pending < pending_limit) {
            open_one(w, &w->connections[next++]);
            if (w->connections[next - 1].fd >= 0) pending++;
        }
        int n = epoll_wait(w->epoll_fd, events, EVENTS, 10); /* wakes to see stopping */
        for (int i = 0; i < n; i++) {
            struct connection *c = events[i].data.ptr;
            if (c->fd >= 0) ready(w, c, events[i].events, &pending);
        }
    }
    for (int i = 0; i < next; i++) {
        if (w->connections[i].fd >= 0) close(w->connections[i].fd);
    }
    return NULL;
}

static void tell_error(void) {
    if (!first_error_told && __atomic_load_n(&first_error_set, __ATOMIC_ACQUIRE) == 2) {
        first_error_told = 1;
        printf("error %s\n", first_error);
    }
}

static void interval(struct worker *workers, int threads, uint64_t *since) {
    uint64_t counts[BUCKETS] = {0};
    uint64_t end = now(), total = 0;
    for (int t = 0; t < threads; t++) {
        for (int i = 0; i < BUCKETS; i++) {
            counts[i] += __atomic_exchange_n(&workers[t].histogram[i], 0, __ATOMIC_RELAXED);
        }
    }
    for (int i = 0; i < BUCKETS; i++) total += counts[i];
    tell_error();
    printf("interval %llu %llu %llu", (unsigned long long) (end - *since), (unsigned long long) total,
           (unsigned long long) __atomic_load_n(&errors, __ATOMIC_RELAXED));
    for (int i = 0; i < BUCKETS; i++) {
        if (counts[i] != 0) printf(" %llu:%llu", (unsigned long long) bucket_value(i), (unsigned long long) counts[i]);
    }
    printf("\n");
    fflush(stdout);
    *since = end;
}

int main(int argc, char **argv) {
    if (argc != 4) {
        fprintf(stderr, "usage: load_epoll <port> <connections> <threads>\n");
        return 2;
    }
    int port = atoi(argv[1]), connections = atoi(argv[2]), threads = atoi(argv[3]);
    if (port <= 0 || port > 65535 || connections <= 0 || threads <= 0) {
        fprintf(stderr, "load_epoll: bad arguments: port %s, connections %s, threads %s\n", argv[1], argv[2], argv[3]);
        return 2;
    }
    if (threads > connections) threads = connections;
    server = (struct sockaddr_in) {.sin_family = AF_INET, .sin_port = htons((uint16_t) port),
                                   .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    struct worker *workers = calloc((size_t) threads, sizeof *workers);
    if (workers == NULL) { perror("calloc"); return 1; }
    for (int t = 0; t < threads; t++) {
        struct worker *w = &workers[t];
        w->share = connections / threads + (t < connections % threads ? 1 : 0);
        w->connections = calloc((size_t) w->share, sizeof *w->connections);
        w->epoll_fd = epoll_create1(EPOLL_CLOEXEC);
        if (w->connections == NULL || w->epoll_fd < 0) { perror("worker"); return 1; }
        for (int i = 0; i < w->share; i++) w->connections[i].fd = -1;
    }
    pending_limit = MAX_PENDING / threads > 0 ? MAX_PENDING / threads : 1;
    for (int t = 0; t < threads; t++) {
        if (pthread_create(&workers[t].thread, NULL, run, &workers[t]) != 0) { perror("pthread_create"); return 1; }
    }

    uint64_t last = 0, last_progress = now();
    while (__atomic_load_n(&answered, __ATOMIC_RELAXED) + __atomic_load_n(&errors, __ATOMIC_RELAXED) < (uint64_t) connections
            && now() - last_progress < STALL_SECONDS * 1000000000ull) {
        uint64_t so_far = __atomic_load_n(&answered, __ATOMIC_RELAXED) + __atomic_load_n(&errors, __ATOMIC_RELAXED);
        if (so_far != last) { last = so_far; last_progress = now(); }
        usleep(10000);
    }
    uint64_t since = now();
    for (int t = 0; t < threads; t++) {
        for (int i = 0; i < BUCKETS; i++) __atomic_exchange_n(&workers[t].histogram[i], 0, __ATOMIC_RELAXED);
    }
    tell_error();
    printf("ready %llu %llu %llu\n", (unsigned long long) __atomic_load_n(&opened, __ATOMIC_RELAXED),
           (unsigned long long) __atomic_load_n(&answered, __ATOMIC_RELAXED),
           (unsigned long long) __atomic_load_n(&errors, __ATOMIC_RELAXED));
    fflush(stdout);

    char line[128];
    while (fgets(line, sizeof line, stdin)) {
        if (strncmp(line, "stop", 4) == 0) break;
        if (strncmp(line, "interval", 8) == 0) {
            interval(workers, threads, &since);
        } else {
            printf("error unknown command: %s", line);
            fflush(stdout);
        }
    }
    stopping = 1;
    for (int t = 0; t < threads; t++) pthread_join(workers[t].thread, NULL);
    return 0;
}
