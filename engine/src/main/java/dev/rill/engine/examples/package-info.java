/**
 * Example {@link dev.rill.engine.RillJob}s, run with {@code rill run CLASS [ARGS...]}.
 */
package dev.rill.engine.examples;
