/**
 * Benchmarks: JMH micro-benchmarks and the reference workload harness.
 */
package dev.rill.perf;
