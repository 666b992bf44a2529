/**
 * Workload W2 of {@code shared/bench/WORKLOADS.md} (rolling sum per symbol, latency): open-loop release at a fixed
 * rate with each event's intended release time, through Rill, through Rill reading a topic that a release thread
 * writes at that rate, and through a hand-written Disruptor pipeline in the same run, latency into HdrHistogram
 * corrected for coordinated omission.
 */
package dev.rill.perf.w2;
