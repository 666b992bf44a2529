package dev.rill.engine;

/**
 * A per-batch output callback ({@link EventStream#foreachBatch(BatchConsumer)}, Spark's {@code foreachRDD}).
 * Called on the batch stage's thread once per batch, empty batches included, in batch order.
 */
@FunctionalInterface
public interface BatchConsumer
{
    /**
     * @param batchTimeMs the batch time: the end of its interval, milliseconds.
     * @param batch       the records, valid only during the call.
     */
    void accept(long batchTimeMs, BatchView batch);
}
