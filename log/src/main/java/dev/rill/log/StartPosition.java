package dev.rill.log;

/**
 * Where a consumer starts reading a partition: earliest, latest, an offset or a timestamp.
 * Immutable.
 */
public final class StartPosition
{
    /** Kinds of start position. */
    public enum Kind
    {
        /** The earliest offset kept. */
        EARLIEST,
        /** The next offset: only records appended from now on. */
        LATEST,
        /** An explicit offset. */
        OFFSET,
        /** The first record with timestamp &ge; a time. */
        TIMESTAMP
    }

    /** Start at the earliest offset kept. */
    public static final StartPosition EARLIEST = new StartPosition(Kind.EARLIEST, 0);
    /** Start at the next offset. */
    public static final StartPosition LATEST = new StartPosition(Kind.LATEST, 0);

    private final Kind kind;
    private final long value;

    private StartPosition(final Kind kind, final long value)
    {
        this.kind = kind;
        this.value = value;
    }

    /**
     * @param offset offset to start at, in every partition read.
     * @return the position.
     */
    public static StartPosition offset(final long offset)
    {
        if (offset < 0)
        {
            throw new IllegalArgumentException("offset must be >= 0: " + offset);
        }
        return new StartPosition(Kind.OFFSET, offset);
    }

    /**
     * @param timestampNs epoch nanoseconds.
     * @return the position of the first record with timestamp &ge; {@code timestampNs}.
     */
    public static StartPosition timestamp(final long timestampNs)
    {
        return new StartPosition(Kind.TIMESTAMP, timestampNs);
    }

    /**
     * @return the kind.
     */
    public Kind kind()
    {
        return kind;
    }

    /**
     * @return the offset or timestamp (ns), 0 for earliest and latest.
     */
    public long value()
    {
        return value;
    }

    @Override
    public String toString()
    {
        switch (kind)
        {
            case OFFSET:
                return "offset " + value;
            case TIMESTAMP:
                return "timestamp " + value + " ns";
            default:
                return kind.name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
