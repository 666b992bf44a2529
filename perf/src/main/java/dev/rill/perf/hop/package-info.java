/**
 * The cost of one stage hop (ring + thread hand-off): latency from a stamp taken on the source stage's thread to
 * {@code System.nanoTime()} on the next stage's thread, through the engine's {@code async()} boundary, beside a raw
 * Disruptor one-hop and a raw Disruptor ping-pong round trip in the same run.
 */
package dev.rill.perf.hop;
