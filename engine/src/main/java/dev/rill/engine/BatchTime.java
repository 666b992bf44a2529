package dev.rill.engine;

/**
 * What cuts a stream into batches (Spark's batch interval), set with
 * {@link PipelineConfig.Builder#batchInterval(BatchTime, long)}. Batch {@code k} covers {@code [k * interval,
 * (k + 1) * interval)} milliseconds and is reported with its end, {@code (k + 1) * interval}, as Spark reports
 * {@code Time: <ms> ms}.
 */
public enum BatchTime
{
    /**
     * Panes cut by the events' own timestamps: an event goes to the batch holding its {@link Event#eventTimeNs()};
     * a batch is emitted when the watermark reaches its end. Events behind the watermark are late: dropped and
     * counted ({@link Pipeline#lateEvents()}).
     */
    EVENT_TIME,
    /**
     * Panes cut by the wall clock ({@link PipelineConfig#clock()}), as in Spark Streaming: an event goes to the
     * batch in progress when the batch operator receives it; a batch is emitted once the clock has passed its end.
     * Watermarks carry the clock.
     */
    PROCESSING_TIME
}
