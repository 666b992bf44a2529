package dev.rill.log;

/**
 * Receives records in place from {@link Consumer#poll(RecordHandler, int)}.
 */
@FunctionalInterface
public interface RecordHandler
{
    /**
     * @param record flyweight over the record, valid only during this call.
     */
    void onRecord(RecordView record);
}
