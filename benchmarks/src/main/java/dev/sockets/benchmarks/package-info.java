/**
 * The side-by-side comparison of the providers with Netty and three plain-JDK echo servers:
 * {@link dev.sockets.benchmarks.Runner} runs every server in a process of its own under one load
 * generator and writes the report (tables, charts, raw numbers); {@code Settings} says how long.
 */
package dev.sockets.benchmarks;
