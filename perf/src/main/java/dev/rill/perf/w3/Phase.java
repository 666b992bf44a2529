package dev.rill.perf.w3;

/**
 * The three measured phases of W3.
 */
enum Phase
{
    /** Append every record. */
    APPEND("append"),
    /** Read every record from offset 0. */
    REPLAY("replay from offset 0"),
    /** Read a fixed number of records from each of many random offsets. */
    SEEKS("replay from random offsets");

    private final String label;

    Phase(final String label)
    {
        this.label = label;
    }

    String label()
    {
        return label;
    }
}
