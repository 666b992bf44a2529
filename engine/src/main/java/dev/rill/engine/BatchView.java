package dev.rill.engine;

/**
 * The records of one batch, in arrival order, through a reusable view: the view and its events are valid only
 * during the call that received them (copy what you keep). Allocation-free to read.
 */
public interface BatchView
{
    /**
     * @return records in the batch.
     */
    int size();

    /**
     * @param index from 0 to {@link #size()} - 1.
     * @return the record, read only.
     */
    Event get(int index);
}
