/**
 * Keyed, per-shard batch operators of the engine: {@link dev.rill.engine.internal.keyed.ShardBatchNode} cuts one
 * shard's input into batches by the watermark and drives a {@link dev.rill.engine.internal.keyed.ShardOperator}
 * (reduceByKey, windows, state) whose off-heap state that shard alone owns; results wait in a
 * {@link dev.rill.engine.internal.keyed.DeferredOutput} until the downstream ring has room.
 */
package dev.rill.engine.internal.keyed;
