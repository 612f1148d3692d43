package dev.sockets.conformance;

import dev.sockets.StreamOptions;
import java.time.Duration;

/**
 * A faulty provider: connections wait for data with no limit, whatever their read timeout
 * (breaks §4.3, §9.1). The kit's tests of timeouts must then fail by their own bounded wait, not hang.
 */
final class IgnoresReadTimeout extends ForwardingProvider {

    @Override
    StreamOptions streamOptions(StreamOptions options) {
        return options.withReadTimeout(Duration.ZERO);
    }
}
