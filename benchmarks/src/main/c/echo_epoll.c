/*
 * The event-driven C baseline of the comparison, c-epoll: one thread, one epoll(7) set, level-triggered,
 * non-blocking sockets; what jdk-selector does in Java and the nio provider's event loops do through
 * the library. Its buffer policy is theirs (EchoServer.BUFFER_SIZE): each read(2) takes at most 8192
 * bytes into one buffer shared by the thread, and is written back at once; what send(2) does not take is
 * kept for that client alone, and the client is not read again until it has gone out on EPOLLOUT. A
 * client is closed at end of stream or on an error.
 *
 * It speaks the control protocol of ServerMain, as echo_pthreads.c does, on standard input (in the same
 * epoll set: the one thread does everything) and output:
 *   out: listening <port>            once it accepts, on 127.0.0.1
 *   in:  usage                       out: usage <rss bytes> <threads> 0
 *   in:  quit, or end of input       exits
 *
 * Built by the benchmark itself (cc -O2 -pthread), never shipped: the library has no native code.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#define BUFFER_SIZE 8192
#define BACKLOG 1024
#define EVENTS 256

/* A client, or (fd only) the listener and standard input, told apart by the pointer in the event. */
struct client {
    int fd;
    char *pending;  /* the bytes send(2) did not take, or NULL */
    size_t offset, length;
};

static int epoll_fd;
static char shared[BUFFER_SIZE];

static void drop(struct client *c) {
    close(c->fd); /* leaves the epoll set with it */
    free(c->pending);
    free(c);
}

static int watch(struct client *c, int op, unsigned events) {
    struct epoll_event event = {.events = events, .data.ptr = c};
    return epoll_ctl(epoll_fd, op, c->fd, &event);
}

static void accept_all(int listener) {
    for (;;) {
        int fd = accept4(listener, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) {
            if (errno == EINTR || errno == ECONNABORTED) continue;
            /* out of descriptors: let the clients already served go on for a moment, then try again */
            if (errno == EMFILE || errno == ENFILE) usleep(1000);
            return;
        }
        int one = 1;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        struct client *c = calloc(1, sizeof *c);
        if (c == NULL) { close(fd); continue; }
        c->fd = fd;
        if (watch(c, EPOLL_CTL_ADD, EPOLLIN) < 0) drop(c);
    }
}

/* Sends what is pending; returns -1 if the client is gone. */
static int flush(struct client *c) {
    while (c->offset < c->length) {
        ssize_t w = send(c->fd, c->pending + c->offset, c->length - c->offset, MSG_NOSIGNAL);
        if (w < 0 && errno == EINTR) continue;
        if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return 0;
        if (w < 0) return -1;
        c->offset += (size_t) w;
    }
    free(c->pending);
    c->pending = NULL;
    return watch(c, EPOLL_CTL_MOD, EPOLLIN);
}

/* Reads once and writes it back; returns -1 if the client is gone. */
static int echo(struct client *c) {
    ssize_t n = read(c->fd, shared, sizeof shared);
    if (n < 0) return errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK ? 0 : -1;
    if (n == 0) return -1;
    ssize_t sent = 0;
    while (sent < n) {
        ssize_t w = send(c->fd, shared + sent, (size_t) (n - sent), MSG_NOSIGNAL);
        if (w < 0 && errno == EINTR) continue;
        if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
        if (w < 0) return -1;
        sent += w;
    }
    if (sent == n) return 0;
    c->length = (size_t) (n - sent);
    c->offset = 0;
    c->pending = malloc(c->length);
    if (c->pending == NULL) return -1;
    memcpy(c->pending, shared + sent, c->length);
    return watch(c, EPOLL_CTL_MOD, EPOLLOUT);
}

static long status_field(const char *name) {
    FILE *status = fopen("/proc/self/status", "r");
    char line[256];
    long value = -1;
    size_t length = strlen(name);
    while (status && fgets(line, sizeof line, status)) {
        if (strncmp(line, name, length) == 0) { value = atol(line + length); break; }
    }
    if (status) fclose(status);
    return value;
}

/* Answers the complete lines read from standard input; returns -1 on quit or end of input. */
static int control(void) {
    static char line[256];
    static size_t used;
    ssize_t n = read(STDIN_FILENO, line + used, sizeof line - 1 - used);
    if (n < 0) return errno == EINTR || errno == EAGAIN ? 0 : -1;
    if (n == 0) return -1;
    used += (size_t) n;
    char *end;
    while ((end = memchr(line, '\n', used)) != NULL) {
        *end = '\0';
        if (strncmp(line, "quit", 4) == 0) return -1;
        if (strncmp(line, "usage", 5) == 0) {
            printf("usage %ld %ld 0\n", status_field("VmRSS:") * 1024, status_field("Threads:"));
        } else {
            printf("error unknown command: %s\n", line);
        }
        fflush(stdout);
        used -= (size_t) (end + 1 - line);
        memmove(line, end + 1, used);
    }
    if (used == sizeof line - 1) used = 0; /* a line too long for any command: drop it */
    return 0;
}

int main(void) {
    int listener = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    int one = 1;
    setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in address = {.sin_family = AF_INET, .sin_port = 0, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t length = sizeof address;
    if (bind(listener, (struct sockaddr *) &address, sizeof address) < 0 || listen(listener, BACKLOG) < 0
            || getsockname(listener, (struct sockaddr *) &address, &length) < 0) {
        perror("listen");
        return 1;
    }
    epoll_fd = epoll_create1(EPOLL_CLOEXEC);
    struct client listening = {.fd = listener}, input = {.fd = STDIN_FILENO};
    if (epoll_fd < 0 || watch(&listening, EPOLL_CTL_ADD, EPOLLIN) < 0 || watch(&input, EPOLL_CTL_ADD, EPOLLIN) < 0) {
        perror("epoll");
        return 1;
    }
    printf("listening %d\n", ntohs(address.sin_port));
    fflush(stdout);
    struct epoll_event events[EVENTS];
    for (;;) {
        int n = epoll_wait(epoll_fd, events, EVENTS, -1);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) { perror("epoll_wait"); return 1; }
        for (int i = 0; i < n; i++) {
            struct client *c = events[i].data.ptr;
            if (c == &listening) {
                accept_all(listener);
            } else if (c == &input) {
                if (control() < 0) return 0;
            } else if ((c->pending != NULL ? flush(c) : echo(c)) < 0) {
                drop(c);
            }
        }
    }
}
