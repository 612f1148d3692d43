package dev.sockets.archfixtures.conformance;

import com.sun.management.HotSpotDiagnosticMXBean;
import dev.sockets.archfixtures.PlainApi;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Assertions;

/** Keeps the rule of the kit: the API, its test libraries and the JDK's management only. */
final class PlainKit {
    void check(PlainApi provider) {
        Assertions.assertNotNull(provider.localAddress());
        ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
    }
}
