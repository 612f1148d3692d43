/**
 * The blocking provider, {@link dev.sockets.blocking.BlockingSocketProvider}: every call blocks the
 * calling platform thread in the kernel, on channels in blocking mode and their {@code java.net}
 * adaptors; the server runs a platform thread per client. The state machines are the core's
 * ({@code dev.sockets.spi}); the classes here say only how bytes move and how a caller waits.
 */
package dev.sockets.blocking;
