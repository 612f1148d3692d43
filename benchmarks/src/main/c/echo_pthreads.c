/*
 * The C baseline of the comparison: the seed's server pattern as a C programmer writes it,
 * socket, bind, listen, then while (1) { nv = accept(sv); a pthread per client runs
 * do_operation(nv): read, write back, until end of stream; close(nv); }.
 *
 * It speaks the control protocol of ServerMain on standard input and output, so that the
 * benchmark drives it as it drives the Java servers:
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
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static void *serve(void *arg) {
    int fd = (int) (long) arg;
    char buffer[64 * 1024];
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    for (;;) {
        ssize_t n = read(fd, buffer, sizeof buffer);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        for (ssize_t sent = 0; sent < n;) {
            ssize_t w = send(fd, buffer + sent, (size_t) (n - sent), MSG_NOSIGNAL);
            if (w < 0 && errno == EINTR) continue;
            if (w < 0) goto done;
            sent += w;
        }
    }
done:
    close(fd);
    return NULL;
}

static void *accept_loop(void *arg) {
    int listener = (int) (long) arg;
    pthread_attr_t attributes;
    pthread_attr_init(&attributes);
    pthread_attr_setdetachstate(&attributes, PTHREAD_CREATE_DETACHED);
    for (;;) {
        int fd = accept4(listener, NULL, NULL, SOCK_CLOEXEC);
        if (fd < 0) {
            if (errno == EINTR || errno == ECONNABORTED) continue;
            if (errno == EMFILE || errno == ENFILE) { usleep(10000); continue; }
            break;
        }
        pthread_t thread;
        if (pthread_create(&thread, &attributes, serve, (void *) (long) fd) != 0) close(fd);
    }
    return NULL;
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

int main(void) {
    int listener = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int one = 1;
    setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in address = {.sin_family = AF_INET, .sin_port = 0, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t length = sizeof address;
    if (bind(listener, (struct sockaddr *) &address, sizeof address) < 0 || listen(listener, 4096) < 0
            || getsockname(listener, (struct sockaddr *) &address, &length) < 0) {
        perror("listen");
        return 1;
    }
    pthread_t acceptor;
    pthread_create(&acceptor, NULL, accept_loop, (void *) (long) listener);
    printf("listening %d\n", ntohs(address.sin_port));
    fflush(stdout);
    char line[128];
    while (fgets(line, sizeof line, stdin)) {
        if (strncmp(line, "quit", 4) == 0) break;
        if (strncmp(line, "usage", 5) == 0) {
            printf("usage %ld %ld 0\n", status_field("VmRSS:") * 1024, status_field("Threads:"));
        } else {
            printf("error unknown command: %s", line);
        }
        fflush(stdout);
    }
    return 0;
}
