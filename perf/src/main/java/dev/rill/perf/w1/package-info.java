/**
 * Workload W1 of {@code shared/bench/WORKLOADS.md} (sliding-window notional per symbol): the Rill pipeline with and
 * without the log, beside a hand-written Disruptor pipeline and a single-threaded loop, in the same run, with
 * checksums compared; and the scaling curves over keys and window length.
 */
package dev.rill.perf.w1;
