package dev.sockets.benchmarks;

import java.io.IOException;
import java.net.InetSocketAddress;

/** What drives the ping-pong tests (1–2): the Java {@link LoadGenerator} or the C {@link NativeLoadGenerator}. */
interface PingPongGenerator {

    /**
     * {@code connections} connections to {@code server}, each with one 64-byte message outstanding all the
     * time, once each has been answered or the server has answered no more for a while.
     */
    Load pingPong(InetSocketAddress server, int connections) throws IOException, InterruptedException;

    /** What it is, for the report: "the Java load generator, 2 selector threads". */
    String description();
}
