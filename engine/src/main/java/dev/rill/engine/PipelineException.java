package dev.rill.engine;

/**
 * A pipeline stopped because an operator failed. Names the operator and the source record (topic or source
 * name, partition, offset) being processed when it failed; the cause is the user function's exception.
 */
public final class PipelineException extends RuntimeException
{
    private final String operatorName;
    private final String sourceName;
    private final int sourcePartition;
    private final long sourceOffset;

    /**
     * @param operatorName    operator that failed, e.g. {@code map#2}.
     * @param sourceName      source of the record, e.g. a topic name.
     * @param sourcePartition source partition of the record.
     * @param sourceOffset    source offset of the record.
     * @param detail          what went wrong.
     * @param cause           the exception thrown, may be null.
     */
    public PipelineException(
        final String operatorName,
        final String sourceName,
        final int sourcePartition,
        final long sourceOffset,
        final String detail,
        final Throwable cause)
    {
        super("operator " + operatorName + " failed on record source=" + sourceName + ", partition=" +
            sourcePartition + ", offset=" + sourceOffset + ": " + detail, cause);
        this.operatorName = operatorName;
        this.sourceName = sourceName;
        this.sourcePartition = sourcePartition;
        this.sourceOffset = sourceOffset;
    }

    /**
     * @param stageName stage that failed outside any operator (a source, a sink's I/O).
     * @param detail    what went wrong.
     * @param cause     the exception thrown.
     */
    public PipelineException(final String stageName, final String detail, final Throwable cause)
    {
        super("stage " + stageName + " failed: " + detail, cause);
        this.operatorName = stageName;
        this.sourceName = "";
        this.sourcePartition = -1;
        this.sourceOffset = -1;
    }

    /**
     * @return operator (or stage) that failed.
     */
    public String operatorName()
    {
        return operatorName;
    }

    /**
     * @return source of the record being processed, empty if none.
     */
    public String sourceName()
    {
        return sourceName;
    }

    /**
     * @return source partition of the record being processed, -1 if none.
     */
    public int sourcePartition()
    {
        return sourcePartition;
    }

    /**
     * @return source offset of the record being processed, -1 if none.
     */
    public long sourceOffset()
    {
        return sourceOffset;
    }
}
