/**
 * Small programs written once against the API, that run unchanged on every provider: an
 * {@link dev.sockets.examples.EchoServer} and its {@link dev.sockets.examples.EchoClient}, a
 * {@link dev.sockets.examples.ChatServer}, and {@link dev.sockets.examples.CountingSocketProvider}, a
 * provider that wraps another to count its bytes and passes the conformance kit as the one it wraps.
 */
package dev.sockets.examples;
