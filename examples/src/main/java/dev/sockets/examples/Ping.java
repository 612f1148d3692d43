package dev.sockets.examples;

import dev.sockets.DatagramEndpoint;
import dev.sockets.DatagramOptions;
import dev.sockets.Domain;
import dev.sockets.RawEndpoint;
import dev.sockets.SocketProvider;
import dev.sockets.SocketType;
import dev.sockets.Sockets;
import dev.sockets.spi.Addresses;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ping -c 1} with a raw socket: one ICMP echo request to a host (127.0.0.1 by default, or ::1),
 * the kernel's echo reply, and the round trip time, printed as ping prints them. Needs a provider
 * with raw sockets ({@code posix}) and the privilege {@code CAP_NET_RAW} (run as root).
 *
 * <pre>java --enable-native-access=ALL-UNNAMED dev.sockets.examples.Ping 127.0.0.1</pre>
 *
 * <p>Without the privilege it says so in one line and exits with 1, as it does when no reply comes.
 *
 * <p>Over IPv4 the program writes the whole ICMP message, checksum included, and reads back the IP
 * datagram (the TTL is its ninth byte); over IPv6 the kernel computes the checksum and keeps the
 * header, so the reply's hop limit is not shown.
 */
@Command(name = "Ping", description = "Sends one ICMP echo request to HOST on a raw socket and prints the reply, as"
        + " ping -c 1 does (needs CAP_NET_RAW).")
public final class Ping implements Callable<Integer> {

    /** The bytes of data after the 8-byte ICMP header, as ping's default: 64-byte packets. */
    static final int DATA_BYTES = 56;

    @Option(names = "--provider", paramLabel = "NAME", converter = Endpoint.ProviderByName.class,
            completionCandidates = Endpoint.Installed.class,
            description = "the provider (default: the first installed with raw sockets in HOST's domain)")
    private SocketProvider provider;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "2",
            description = "how long to wait for the reply (default: ${DEFAULT-VALUE})")
    private int timeoutSeconds;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "print this help and exit")
    private boolean help;

    @Parameters(paramLabel = "HOST", arity = "0..1", defaultValue = "127.0.0.1",
            description = "the address to ping (default: ${DEFAULT-VALUE}; ::1 for IPv6)")
    private String host;

    @Spec
    private CommandSpec spec;

    Ping() {
    }

    /**
     * One echo reply: its ICMP length, the sender, the sequence number, the IPv4 TTL (−1 over IPv6),
     * and the round trip time.
     */
    record Reply(int bytes, InetAddress from, int sequence, int ttl, Duration time) {

        /** The line ping prints for it. */
        String line() {
            return bytes + " bytes from " + text(from) + ": icmp_seq=" + sequence
                    + (ttl >= 0 ? " ttl=" + ttl : "") + " time=" + String.format(Locale.ROOT, "%.3f", time.toNanos() / 1e6) + " ms";
        }
    }

    /**
     * Sends one echo request to {@code host} on a raw socket of {@code provider} and waits up to
     * {@code timeout} for its reply.
     *
     * @throws SocketTimeoutException if no reply came in time
     * @throws java.net.SocketException "Operation not permitted: … needs CAP_NET_RAW" without the privilege
     */
    static Reply ping(SocketProvider provider, InetAddress host, int sequence, Duration timeout) throws IOException {
        boolean v4 = host instanceof Inet4Address;
        Domain domain = v4 ? Domain.INET : Domain.INET6;
        int id = ThreadLocalRandom.current().nextInt(1 << 16);
        ByteBuffer request = ByteBuffer.allocate(8 + DATA_BYTES);
        request.put((byte) (v4 ? 8 : 128)).put((byte) 0).putShort((short) 0).putShort((short) id).putShort((short) sequence);
        for (int i = 0; i < DATA_BYTES; i++) {
            request.put((byte) i);
        }
        request.flip();
        if (v4) {
            request.putShort(2, (short) RawEndpoint.checksum(request)); // over IPv6 the kernel does it
        }
        try (RawEndpoint raw = provider.openRaw(domain, v4 ? 1 : 58, DatagramOptions.defaults().withReceiveTimeout(timeout))) {
            long sent = System.nanoTime();
            raw.send(request, host);
            ByteBuffer packet = ByteBuffer.allocate(65_536);
            while (true) {
                packet.clear();
                InetAddress from = raw.receive(packet); // a receive timeout ends the wait
                long received = System.nanoTime();
                packet.flip();
                int header = v4 ? (packet.get(0) & 0x0f) * 4 : 0;
                int ttl = v4 ? packet.get(8) & 0xff : -1;
                ByteBuffer icmp = packet.position(header).slice();
                boolean reply = icmp.remaining() >= 8 && (icmp.get(0) & 0xff) == (v4 ? 0 : 129)
                        && (icmp.getShort(4) & 0xffff) == id && (icmp.getShort(6) & 0xffff) == sequence;
                if (reply && (!v4 || RawEndpoint.checksum(icmp) == 0)) {
                    return new Reply(icmp.remaining(), from, sequence, ttl, Duration.ofNanos(received - sent));
                }
                // Our own request on its way in, or another program's ping: not ours.
            }
        }
    }

    /** An address as ping writes it: {@code 127.0.0.1}, {@code ::1} (RFC 5952, as every message of the library). */
    static String text(InetAddress address) {
        String formatted = Addresses.format(new InetSocketAddress(address, 0)); // "[::1]:0" or "127.0.0.1:0"
        String host = formatted.substring(0, formatted.lastIndexOf(':'));
        return host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    }

    /**
     * Runs the send and receive paths once on a UDP socket to itself on loopback, so that the round
     * trip measured is the network's and not the first call's: the first downcall through a
     * {@code java.lang.foreign} handle links and compiles its stub, which takes milliseconds.
     */
    private static void warmUp(SocketProvider provider) throws IOException {
        try (DatagramEndpoint self = provider.openDatagram(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                DatagramOptions.defaults().withReceiveTimeout(Duration.ofSeconds(1)))) {
            for (int i = 0; i < 200; i++) {
                self.send(ByteBuffer.allocate(8), self.localAddress());
                self.receive(ByteBuffer.allocate(8));
            }
        }
    }

    /** {@code ping -c 1 HOST}: prints the reply and the statistics; 1 if none came. */
    @Override
    public Integer call() throws IOException {
        InetAddress address = InetAddress.getByName(host);
        Domain domain = address instanceof Inet4Address ? Domain.INET : Domain.INET6;
        SocketProvider raw = provider != null ? provider : Sockets.providers().stream()
                .filter(p -> p.supports(domain, SocketType.RAW))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no installed provider has " + domain.posixName()
                        + " SOCK_RAW; add dev.sockets:sockets-posix (Java 22+)"));
        warmUp(raw);
        PrintWriter out = spec.commandLine().getOut();
        out.println("PING " + text(address) + " (" + text(address) + ") " + DATA_BYTES + "("
                + (DATA_BYTES + 8 + (domain == Domain.INET ? 20 : 40)) + ") bytes of data.");
        long start = System.nanoTime();
        int received = 0;
        try {
            out.println(ping(raw, address, 1, Duration.ofSeconds(timeoutSeconds)).line());
            received = 1;
        } catch (SocketTimeoutException e) {
            // reported in the statistics, as ping does
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        out.println();
        out.println("--- " + text(address) + " ping statistics ---");
        out.println("1 packets transmitted, " + received + " received, " + (received == 1 ? 0 : 100)
                + "% packet loss, time " + millis + "ms");
        out.flush();
        return received == 1 ? 0 : 1;
    }

    /**
     * {@code ping -c 1 HOST}; {@code --help} tells the options.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        System.exit(Examples.run(new Ping(), args));
    }
}
