package com.example.echokit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.sockets.Connection;
import dev.sockets.Domain;
import dev.sockets.Server;
import dev.sockets.SocketProvider;
import dev.sockets.SocketType;
import dev.sockets.Sockets;
import dev.sockets.conformance.ConformanceKit;
import dev.sockets.conformance.Generators;
import dev.sockets.conformance.Generators.Chunking;
import dev.sockets.conformance.Generators.Payload;
import dev.sockets.conformance.ProviderVerification;
import dev.sockets.conformance.Streams;
import dev.sockets.conformance.Theories;
import dev.sockets.conformance.Untested;
import java.io.IOException;
import java.net.SocketAddress;
import java.net.URL;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The conformance kit against the provider "nio", as a downstream project runs it: one subclass of
 * {@link ConformanceKit}, a rule file of its own beside it ({@code ECHO-RULES.md}, named by
 * {@link #ownRules()}), and an area that tests those rules with the kit's public generators and
 * helpers. The kit's coverage check holds SPEC.md and ECHO-RULES.md alike, and the conformance matrix
 * has a column for §100.
 */
class EchoKitTest extends ConformanceKit {

    @Override
    protected SocketProvider provider() {
        return Sockets.provider("nio");
    }

    @Override
    protected List<URL> ownRules() {
        return List.of(EchoKitTest.class.getResource("ECHO-RULES.md"));
    }

    /** §100, the rules of ECHO-RULES.md: an area of our own, tagged with its name so that -Dgroups=Echo selects it. */
    @Nested
    @Tag("Echo")
    class Echo extends ProviderVerification {

        /** The largest payload of §100.1. */
        private static final int MAX_PAYLOAD = 64 * 1024;

        @Override
        protected SocketProvider provider() {
            return EchoKitTest.this.provider();
        }

        @Test
        void required_s100_1_anEchoServerReturnsEveryByteInOrder() throws IOException {
            assumeSupported(Domain.INET, SocketType.STREAM);
            try (Server echo = provider().serve(anyLocal(Domain.INET), Streams::echo)) {
                Theories.qt("§100.1", 20, 20)
                        .forAll(Generators.payloads(MAX_PAYLOAD), Generators.chunkings())
                        .checkAssert(Theories.unchecked((payload, chunking) -> roundTrip(echo.localAddress(), payload, chunking)));
            }
        }

        private void roundTrip(SocketAddress echo, Payload payload, Chunking chunking) throws IOException {
            try (Connection client = provider().connect(echo)) {
                byte[] sent = payload.bytes();
                // 64 KiB fits in the loopback's buffers: the whole payload is written before the echo is read.
                Streams.write(client, sent, chunking.cover(sent.length), false);
                client.shutdownOutput();
                Streams.assertReceived(payload, Streams.readToEnd(client, 8192, false, MAX_PAYLOAD), "§100.1 in " + chunking);
            }
        }

        /** Not a rule: that this example runs as it says, on the module path, the kit a named module. */
        @Test
        void theKitAndTheseTestsAreModulesOnTheModulePath() {
            assertEquals("com.example.echokit", EchoKitTest.class.getModule().getName(), "these tests' module");
            assertEquals("dev.sockets.conformance", ConformanceKit.class.getModule().getName(), "the kit's module");
            assertFalse(ConformanceKit.class.getModule().getDescriptor().isAutomatic(), "the kit is an explicit module");
            assertEquals("dev.sockets.nio", provider().getClass().getModule().getName(), "the provider's module");
        }

        @Test
        void untested_s100_2_anEchoServerAnswersAsFastAsAPlainJdkOne() {
            Untested.because("§100.2", "speed is measured by the benchmarks (-Pcompare), never asserted by a test");
        }
    }
}
