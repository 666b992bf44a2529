/**
 * Sliding windows over batches, built from panes, with the state off-heap and nothing allocated per record.
 *
 * <ul>
 *   <li>{@link dev.rill.operators.window.WindowSpec}: window length and slide as whole multiples of the batch
 *   interval; panes of {@code gcd(length, slide)}.</li>
 *   <li>{@link dev.rill.operators.window.KeyedSumCountWindow}: sum and count per key with an inverse function
 *   (add the newest pane, subtract the expired one): the cost of a slide does not depend on the number of panes.
 *   Keys whose values all expired stay with 0 unless a filter drops them, as in Spark.</li>
 *   <li>{@link dev.rill.operators.window.KeyedAggregateWindow}: any associative operator without an inverse (min,
 *   max, first, last) in O(1) amortized per slide with the two-stacks algorithm.</li>
 *   <li>{@link dev.rill.operators.window.RecordWindow}: Spark's {@code window} over opaque byte records, stored once
 *   off-heap and emitted once per window they belong to, in arrival order.</li>
 *   <li>{@link dev.rill.operators.window.GroupByKeyAndWindow}: Spark's {@code groupByKeyAndWindow}, a record window of
 *   pairs grouped by key at each slide.</li>
 * </ul>
 *
 * <p><b>Exact sums.</b> Values are {@code long}s in fixed point: choose the unit (price ticks, micro-units of a
 * currency) and scale once at the edge. Adding a pane and later subtracting it is then exact, including through
 * {@code long} overflow, because two's-complement addition is exact modulo 2^64: the window sum is right whenever
 * its true value fits in a {@code long}. A {@code double} sum maintained by add and subtract is rounded at every step
 * and drifts from the true window sum over a long run, since {@code (s + x) - x != s} in general; there is no double
 * window here for that reason. If doubles are needed, recompute from panes (the non-invertible window with
 * {@code Double} bits and a sum operator) rather than subtracting.
 *
 * <p>Every type has a single writer and is not thread-safe; these are pure functions of the batches fed to them,
 * with no clock and no threads: a test feeds batches and checks the output of every batch.
 */
package dev.rill.operators.window;
