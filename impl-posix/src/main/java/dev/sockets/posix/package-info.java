/**
 * The posix provider: {@link dev.sockets.posix.PosixSocketProvider}, the POSIX socket calls through
 * {@code java.lang.foreign}. One file per concept: {@code Libc} (the downcalls and constants),
 * {@code Errno} (the one table from errno to exceptions), {@code SockAddr} (the address layouts),
 * {@code Descriptor} (a socket, its waits in {@code poll(2)} and its close), {@code PosixOptions}
 * ({@code setsockopt}), and the provider's sockets: {@code PosixConnection}, {@code PosixListener},
 * {@code PosixDatagramEndpoint}, {@code PosixRawEndpoint}.
 */
package dev.sockets.posix;
