/**
 * What providers share, so that every provider checks the same arguments, throws the same
 * exceptions with the same messages, and counts the same way: {@link dev.sockets.spi.Arguments},
 * {@link dev.sockets.spi.Addresses}, {@link dev.sockets.spi.Errors}, {@link dev.sockets.spi.Timeouts},
 * {@link dev.sockets.spi.ServerCounters}, {@link dev.sockets.spi.ProviderThreads}, and
 * {@link dev.sockets.spi.ForwardingConnection} for decorators.
 *
 * <p>Users of the API need nothing from this package; writers of a provider may use it or not.
 */
package dev.sockets.spi;
