/**
 * The core every provider shares: each state machine of SPEC.md written once, so that a provider
 * supplies only its model (how bytes move, how a caller waits, what thread runs a handler) and no
 * two providers can word or decide a rule two ways.
 *
 * <ul>
 *   <li>The state machines, as abstract bases with small {@code impl…} hooks in the manner of the
 *       JDK's {@code NioSocketImpl}: {@link dev.sockets.spi.AbstractConnection},
 *       {@link dev.sockets.spi.AbstractListener}, {@link dev.sockets.spi.AbstractDatagramEndpoint},
 *       and the server loop, {@link dev.sockets.spi.ServerLoop}; a provider on them,
 *       {@link dev.sockets.spi.AbstractSocketProvider}.</li>
 *   <li>For the providers built on the JDK's channels: {@link dev.sockets.spi.Channels},
 *       {@link dev.sockets.spi.ChannelConnection}, {@link dev.sockets.spi.ChannelDatagramEndpoint},
 *       {@link dev.sockets.spi.AdaptorReader}, {@link dev.sockets.spi.AdaptorReceiver} and
 *       {@link dev.sockets.spi.UnixConnect}.</li>
 *   <li>One vocabulary: {@link dev.sockets.spi.Errors} (every message, and the one translation of the
 *       JDK's exceptions), {@link dev.sockets.spi.Arguments}, {@link dev.sockets.spi.Addresses},
 *       {@link dev.sockets.spi.SocketOptionSupport}, {@link dev.sockets.spi.Timeouts},
 *       {@link dev.sockets.spi.ServerCounters}, {@link dev.sockets.spi.ProviderThreads}.</li>
 *   <li>Decorators: {@link dev.sockets.spi.ForwardingSocketProvider},
 *       {@link dev.sockets.spi.ForwardingConnection}, {@link dev.sockets.spi.ForwardingListener},
 *       {@link dev.sockets.spi.ForwardingDatagramEndpoint}.</li>
 * </ul>
 *
 * <p>Users of the API need nothing from this package; writers of a provider may use it or not (the
 * conformance kit holds a provider that implements the interfaces directly to the same rules).
 */
package dev.sockets.spi;
