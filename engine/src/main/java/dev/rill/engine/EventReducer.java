package dev.rill.engine;

/**
 * An associative reduce over a batch ({@link EventStream#reduce(EventReducer)}): folds {@code next} into
 * {@code acc} in place. {@code acc} starts as a copy of the batch's first record.
 */
@FunctionalInterface
public interface EventReducer
{
    /**
     * @param acc  the running result, to update.
     * @param next the next record of the batch, read only.
     */
    void reduce(Event acc, Event next);
}
