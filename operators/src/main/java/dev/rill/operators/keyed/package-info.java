/**
 * Spark Streaming's per-batch keyed operators ({@code PairDStreamFunctions}) for {@code long} keys and values, as
 * operator logic: records go in with {@code add}, {@code endBatch} emits the batch's output through a primitive
 * callback. No threads, no clock (batch {@code n} is the {@code n}-th {@code endBatch}), no engine.
 *
 * <ul>
 *   <li>per batch, nothing carried over: {@link dev.rill.operators.keyed.ReduceByKey},
 *   {@link dev.rill.operators.keyed.CountByValue}, {@link dev.rill.operators.keyed.CombineByKey},
 *   {@link dev.rill.operators.keyed.GroupByKey}, {@link dev.rill.operators.keyed.Cogroup},
 *   {@link dev.rill.operators.keyed.BatchJoin} (inner, left, right, full outer);</li>
 *   <li>stateless, per record: {@link dev.rill.operators.keyed.MapValues},
 *   {@link dev.rill.operators.keyed.FlatMapValues};</li>
 *   <li>state across batches, off-heap: {@link dev.rill.operators.keyed.UpdateStateByKey},
 *   {@link dev.rill.operators.keyed.MapWithState} (with {@link dev.rill.operators.keyed.MapWithStateSpec});</li>
 *   <li>thin windows over {@code dev.rill.operators.window}: {@link dev.rill.operators.keyed.CountByValueAndWindow},
 *   {@link dev.rill.operators.keyed.CountByWindow}.</li>
 * </ul>
 *
 * <p>Operators that need every value of a key (group, cogroup, joins, updateStateByKey) append the batch's pairs to
 * an off-heap buffer and sort it by key at the end of the batch (stable merge sort, O(n log n)), rather than keep a
 * multimap. Every type has a single writer and is not thread-safe; the flyweights handed to callbacks
 * ({@link dev.rill.operators.keyed.LongValues}, {@link dev.rill.operators.keyed.LongState}) are valid only during
 * the call.
 */
package dev.rill.operators.keyed;
