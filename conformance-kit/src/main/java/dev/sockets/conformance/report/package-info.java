/**
 * The conformance matrix: a JUnit Platform listener that counts every run of the kit by provider (or
 * pair) and area of SPEC.md, prints the table when the run ends and writes it as {@code summary.md} and
 * {@code summary.json}. It registers itself; see {@link dev.sockets.conformance.report.ConformanceSummaryListener}.
 */
package dev.sockets.conformance.report;
