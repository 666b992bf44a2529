/**
 * Examples that need a library the engine must not depend on: Spark's {@code sql_network_wordcount}, with H2 as the
 * embedded SQL engine. Each is a {@link dev.rill.engine.RillJob} ({@code rill run CLASS ARGS}) and a
 * {@code rill example} subcommand.
 */
package dev.rill.tools.examples;
