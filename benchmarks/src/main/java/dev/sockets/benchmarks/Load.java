package dev.sockets.benchmarks;

import java.util.Optional;

/**
 * Connections of a load generator at work against one server — the Java one's {@link Workload} or the C
 * one's {@link NativeWorkload} — measured an interval at a time. Closing it stops them and closes every
 * connection.
 */
interface Load extends AutoCloseable {

    /** Connections the server answered: made their first round trip (or connected, for streaming). */
    int answered();

    /** Ends the current interval and starts the next: what was counted since the last call, or since opening. */
    Interval interval();

    /** The errors of the clients so far: connections failed or closed by the server. */
    long errors();

    /** The first of those errors, for the report; empty if none. */
    Optional<String> firstError();

    @Override
    void close();
}
