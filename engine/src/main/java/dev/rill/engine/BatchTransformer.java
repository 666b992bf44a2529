package dev.rill.engine;

/**
 * A function over each batch's records ({@link EventStream#transform(BatchTransformer)}, Spark's
 * {@code transform}): reads the batch, emits the records of the output batch. Called once per batch, empty batches
 * included.
 */
@FunctionalInterface
public interface BatchTransformer
{
    /**
     * @param batchTimeMs the batch time, milliseconds.
     * @param batch       the input records, valid only during the call.
     * @param out         where outputs go: {@link Emitter#claim()} returns a cleared event stamped with the batch
     *                    time, fill it (or {@code copyFrom} an input), then {@link Emitter#emit()}.
     */
    void transform(long batchTimeMs, BatchView batch, Emitter out);
}
