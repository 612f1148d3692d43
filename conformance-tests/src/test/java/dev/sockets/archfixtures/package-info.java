/**
 * Classes written to break the rules of {@code dev.sockets.conformance.ArchitectureRulesTest}, each
 * named after what it does wrong, beside classes that keep them ({@code Plain…}). They are laid out
 * like the project: this package stands for the API ({@code dev.sockets}), and the packages under it
 * for the providers and the kit. They are only compiled and imported by ArchUnit, never run.
 */
package dev.sockets.archfixtures;
