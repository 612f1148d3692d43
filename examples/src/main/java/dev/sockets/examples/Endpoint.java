package dev.sockets.examples;

import dev.sockets.SocketProvider;
import dev.sockets.Sockets;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.util.Iterator;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * The options every example takes, as a picocli mixin: which provider, and which address to listen on or
 * connect to. The port is each example's own option, since each has its own default.
 */
final class Endpoint {

    @Option(names = "--provider", paramLabel = "NAME", converter = ProviderByName.class, completionCandidates = Installed.class,
            description = "the provider: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}; -D" + Sockets.PROVIDER_PROPERTY
                    + " if set, else the first by name)")
    private SocketProvider provider;

    @Option(names = "--host", paramLabel = "HOST", defaultValue = "127.0.0.1",
            description = "the internet address (default: ${DEFAULT-VALUE}; ::1 for IPv6)")
    private String host;

    @Option(names = "--unix", paramLabel = "PATH", description = "a UNIX-domain socket path, instead of --host and --port")
    private Path unix;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "print this help and exit")
    private boolean help;

    /** Returns the provider of {@code --provider}, else the one {@link Sockets#provider()} chooses. */
    SocketProvider provider() {
        // Null only if the default could not be had (no provider installed, or a property naming none): say why.
        return provider != null ? provider : Sockets.provider();
    }

    /** Returns the address of {@code --unix}, else of {@code --host} and {@code port}. */
    SocketAddress address(int port) {
        return unix != null ? UnixDomainSocketAddress.of(unix) : new InetSocketAddress(host, port);
    }

    /** The address as a person writes it: {@code 127.0.0.1:7007}, {@code [::1]:7007}, or the socket file's path. */
    static String format(SocketAddress address) {
        if (address instanceof InetSocketAddress inet) {
            String host = inet.getAddress().getHostAddress();
            return (host.contains(":") ? "[" + host + "]" : host) + ":" + inet.getPort();
        }
        return address instanceof UnixDomainSocketAddress unix ? unix.getPath().toString() : address.toString();
    }

    /** The names of the installed providers, for the help of {@code --provider}. */
    static final class Installed implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Sockets.providers().stream().map(SocketProvider::name).iterator();
        }
    }

    /** {@code --provider NAME}: the installed provider of that name; an unknown one is a usage error. */
    static final class ProviderByName implements ITypeConverter<SocketProvider> {
        @Override
        public SocketProvider convert(String name) {
            try {
                return Sockets.provider(name);
            } catch (IllegalArgumentException unknown) {
                throw new TypeConversionException(unknown.getMessage());
            }
        }
    }

    /** {@code --port N}: 0 to 65535. */
    static final class Port implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String text) {
            int port;
            try {
                port = Integer.parseInt(text);
            } catch (NumberFormatException e) {
                throw new TypeConversionException("not a port number: " + text);
            }
            if (port < 0 || port > 65_535) {
                throw new TypeConversionException("port out of range: " + port);
            }
            return port;
        }
    }

    /**
     * The default of {@code --provider}: the provider {@link Sockets#provider()} chooses (the property, else the
     * first installed by name, SPEC.md §1.5), so that the help says which one runs.
     */
    static final class DefaultProvider implements picocli.CommandLine.IDefaultValueProvider {
        @Override
        public String defaultValue(ArgSpec argument) {
            if (argument instanceof OptionSpec option && option.longestName().equals("--provider")) {
                try {
                    return Sockets.provider().name();
                } catch (IllegalStateException noneOrUnknown) {
                    return null;
                }
            }
            return null;
        }
    }
}
