/**
 * Test support for users of Rill: {@link dev.rill.engine.testing.BatchTestDriver} runs a real pipeline batch by
 * batch on a manual clock, as Spark Streaming's test suites and Kafka Streams' {@code TopologyTestDriver} do.
 */
package dev.rill.engine.testing;
