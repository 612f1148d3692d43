/**
 * The posix provider of {@code dev.sockets}: the POSIX socket calls themselves, {@code socket(2)},
 * {@code bind(2)}, {@code accept4(2)}, {@code recv(2)}, {@code send(2)}, {@code poll(2)} and the rest,
 * made through the Foreign Function and Memory API with no native code, serving every domain x type
 * cell of the seed that Linux has; a platform thread per client in its server. Needs Java 22.
 *
 * <p>Exports only {@link dev.sockets.posix.PosixSocketProvider}'s package, so that it can be named
 * directly as well as found with {@link java.util.ServiceLoader}; every other type in it is
 * package-private. Its downcalls are restricted methods: grant them with
 * {@code --enable-native-access=dev.sockets.posix}.
 */
module dev.sockets.posix {
    requires transitive dev.sockets;
    requires jdk.net; // ExtendedSocketOptions.SO_PEERCRED, the JDK's name and type for the peer's credentials

    exports dev.sockets.posix;

    provides dev.sockets.SocketProvider with dev.sockets.posix.PosixSocketProvider;
}
