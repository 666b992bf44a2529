package dev.rill.engine;

import java.io.PrintStream;
import java.util.Objects;

import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.SystemEpochClock;

import dev.rill.log.StartPosition;

/**
 * Immutable configuration of a {@link Pipeline}, validated when built. Defaults suit a 2-core machine: backoff
 * waits, 1024-slot rings.
 */
public final class PipelineConfig
{
    private final ThreadingMode threadingMode;
    private final WaitStrategy waitStrategy;
    private final int ringSize;
    private final int batchSize;
    private final int maxOutputsPerInput;
    private final BatchTime batchTime;
    private final long batchIntervalMs;
    private final long maxOutOfOrdernessMs;
    private final long idleTimeoutMs;
    private final EpochClock clock;
    private final PrintStream printStream;
    private final StartPosition replayFrom;
    private final boolean packedRings;

    private PipelineConfig(final Builder b)
    {
        this.packedRings = b.packedRings;
        this.replayFrom = b.replayFrom;
        this.batchTime = b.batchTime;
        this.batchIntervalMs = b.batchIntervalMs;
        this.maxOutOfOrdernessMs = b.maxOutOfOrdernessMs;
        this.idleTimeoutMs = b.idleTimeoutMs;
        this.clock = b.clock;
        this.printStream = b.printStream;
        this.threadingMode = b.threadingMode;
        this.waitStrategy = b.waitStrategy;
        this.ringSize = b.ringSize;
        this.batchSize = b.batchSize;
        this.maxOutputsPerInput = b.maxOutputsPerInput;
    }

    /**
     * @return a builder with the defaults.
     */
    public static Builder builder()
    {
        return new Builder();
    }

    /**
     * @return the defaults: dedicated threads, {@link WaitStrategy#BACKOFF}, rings of 1024, duty cycles of at most
     * 256 inputs, processing-time batches of 1000 ms, no out-of-orderness, idle timeout 5000 ms, system clock,
     * printing to {@code System.out}.
     */
    public static PipelineConfig defaults()
    {
        return builder().build();
    }

    /**
     * @return how stages are run.
     */
    public ThreadingMode threadingMode()
    {
        return threadingMode;
    }

    /**
     * @return wait strategy of stages that do not set their own.
     */
    public WaitStrategy waitStrategy()
    {
        return waitStrategy;
    }

    /**
     * @return slots per ring (a power of two).
     */
    public int ringSize()
    {
        return ringSize;
    }

    /**
     * @return the most input events a stage takes in one duty cycle.
     */
    public int batchSize()
    {
        return batchSize;
    }

    /**
     * @return whether a ring into a keyed operator that reads only a record's key and {@code long0} is packed
     * (engine/ENGINE.md "Packed rings").
     */
    public boolean packedRings()
    {
        return packedRings;
    }

    /**
     * @return the most events a stage with a flatMap may emit for one input record; a stage reserves this much
     * ring room before it takes an input, and a flatMap that emits more fails the pipeline.
     */
    public int maxOutputsPerInput()
    {
        return maxOutputsPerInput;
    }

    /**
     * @return what cuts batches: event time or the wall clock.
     */
    public BatchTime batchTime()
    {
        return batchTime;
    }

    /**
     * @return the batch interval, milliseconds.
     */
    public long batchIntervalMs()
    {
        return batchIntervalMs;
    }

    /**
     * @return the bounded out-of-orderness of event time: a source partition's watermark is the greatest event
     * time it has delivered minus this, milliseconds.
     */
    public long maxOutOfOrdernessMs()
    {
        return maxOutOfOrdernessMs;
    }

    /**
     * @return how long a source partition may deliver nothing before it stops holding the watermark back,
     * milliseconds of {@link #clock()}.
     */
    public long idleTimeoutMs()
    {
        return idleTimeoutMs;
    }

    /**
     * @return the wall clock: processing-time batches and idle timeouts read it (inject a
     * {@code CachedEpochClock} in tests).
     */
    public EpochClock clock()
    {
        return clock;
    }

    /**
     * @return where {@link EventStream#print(int)} writes.
     */
    public PrintStream printStream()
    {
        return printStream;
    }

    /**
     * @return where every log-topic source starts in replay mode ({@link Builder#replayFrom}), or null when the
     * pipeline is not a replay.
     */
    public StartPosition replayFrom()
    {
        return replayFrom;
    }

    @Override
    public String toString()
    {
        return "threading=" + threadingMode + ", wait=" + waitStrategy + ", ringSize=" + ringSize + ", batchSize=" +
            batchSize + ", maxOutputsPerInput=" + maxOutputsPerInput + ", batches=" + batchTime + " every " +
            batchIntervalMs + " ms, maxOutOfOrdernessMs=" + maxOutOfOrdernessMs + ", idleTimeoutMs=" + idleTimeoutMs +
            (replayFrom == null ? "" : ", replay from " + replayFrom) + (packedRings ? "" : ", packedRings=false");
    }

    /**
     * Builder of {@link PipelineConfig}; each setter validates its value.
     */
    public static final class Builder
    {
        private ThreadingMode threadingMode = ThreadingMode.DEDICATED;
        private WaitStrategy waitStrategy = WaitStrategy.BACKOFF;
        private int ringSize = 1024;
        private int batchSize = 256;
        private int maxOutputsPerInput = 64;
        private BatchTime batchTime = BatchTime.PROCESSING_TIME;
        private long batchIntervalMs = 1_000;
        private long maxOutOfOrdernessMs;
        private long idleTimeoutMs = 5_000;
        private EpochClock clock = SystemEpochClock.INSTANCE;
        private PrintStream printStream = System.out;
        private StartPosition replayFrom;
        private boolean packedRings = true;

        private Builder()
        {
        }

        /**
         * @param packedRings whether a {@code repartition} straight into a keyed operator that reads only a record's
         *                    key and {@code long0} ({@code reduceByKey}, {@code countByValue}, {@code updateStateByKey},
         *                    {@code sumCountByKeyAndWindow}, {@code reduceByKeyAndWindow},
         *                    {@code countByValueAndWindow}, {@code countByWindow}) moves just those, the event time
         *                    and the source (for error messages), up to eight records to a ring slot, when one
         *                    upstream shard writes each ring (default true). False moves whole events, as into any
         *                    stage.
         * @return this.
         */
        public Builder packedRings(final boolean packedRings)
        {
            this.packedRings = packedRings;
            return this;
        }

        /**
         * @param batchTime  what cuts batches (default {@link BatchTime#PROCESSING_TIME}, as in Spark).
         * @param intervalMs the batch interval, milliseconds, at least 1 (default 1000).
         * @return this.
         */
        public Builder batchInterval(final BatchTime batchTime, final long intervalMs)
        {
            if (intervalMs < 1)
            {
                throw new IllegalArgumentException("batch interval must be >= 1 ms: " + intervalMs);
            }
            this.batchTime = Objects.requireNonNull(batchTime, "batchTime");
            this.batchIntervalMs = intervalMs;
            return this;
        }

        /**
         * @param maxOutOfOrdernessMs how far behind the greatest event time seen an event may arrive and still be on
         *                            time, milliseconds, at least 0 (default 0).
         * @return this.
         */
        public Builder maxOutOfOrdernessMs(final long maxOutOfOrdernessMs)
        {
            if (maxOutOfOrdernessMs < 0)
            {
                throw new IllegalArgumentException("maxOutOfOrdernessMs must be >= 0: " + maxOutOfOrdernessMs);
            }
            this.maxOutOfOrdernessMs = maxOutOfOrdernessMs;
            return this;
        }

        /**
         * @param idleTimeoutMs milliseconds without a record after which a source partition no longer holds the
         *                      watermark back, at least 1 (default 5000).
         * @return this.
         */
        public Builder idleTimeoutMs(final long idleTimeoutMs)
        {
            if (idleTimeoutMs < 1)
            {
                throw new IllegalArgumentException("idleTimeoutMs must be >= 1: " + idleTimeoutMs);
            }
            this.idleTimeoutMs = idleTimeoutMs;
            return this;
        }

        /**
         * @param clock the wall clock, epoch milliseconds (default the system clock).
         * @return this.
         */
        public Builder clock(final EpochClock clock)
        {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * @param printStream where {@code print(n)} writes (default {@code System.out}).
         * @return this.
         */
        public Builder printStream(final PrintStream printStream)
        {
            this.printStream = Objects.requireNonNull(printStream, "printStream");
            return this;
        }

        /**
         * Replay mode ({@code rill run CLASS --from OFFSET|@TIME}): re-run the pipeline over a log range without
         * touching its checkpoints. Every log-topic source ({@link Pipeline#topicStream}) starts at {@code start} in
         * every partition it reads, whatever its {@link LogSourceOptions#from} says, and the pipeline is in
         * {@link Pipeline#ignoreCheckpoints()} mode from its creation: {@link Pipeline#getOrCreate} reads no
         * checkpoint, {@link Pipeline#start()} writes and deletes none. {@code start()} refuses a pipeline without a
         * log-topic source, and an offset before the earliest or past the end of a partition, naming the topic, the
         * partition and both offsets.
         *
         * @param start where every log-topic source starts; null for a normal run (the default).
         * @return this.
         */
        public Builder replayFrom(final StartPosition start)
        {
            this.replayFrom = start;
            return this;
        }

        /**
         * @param mode how stages are run.
         * @return this.
         */
        public Builder threadingMode(final ThreadingMode mode)
        {
            this.threadingMode = Objects.requireNonNull(mode, "threadingMode");
            return this;
        }

        /**
         * @param strategy wait strategy of stages that do not set their own.
         * @return this.
         */
        public Builder waitStrategy(final WaitStrategy strategy)
        {
            this.waitStrategy = Objects.requireNonNull(strategy, "waitStrategy");
            return this;
        }

        /**
         * @param ringSize slots per ring, a power of two from 2 to 2^24.
         * @return this.
         */
        public Builder ringSize(final int ringSize)
        {
            if (ringSize < 2 || ringSize > (1 << 24) || Integer.bitCount(ringSize) != 1)
            {
                throw new IllegalArgumentException("ringSize must be a power of two in 2..2^24: " + ringSize);
            }
            this.ringSize = ringSize;
            return this;
        }

        /**
         * @param batchSize the most input events a stage takes in one duty cycle, at least 1.
         * @return this.
         */
        public Builder batchSize(final int batchSize)
        {
            if (batchSize < 1)
            {
                throw new IllegalArgumentException("batchSize must be >= 1: " + batchSize);
            }
            this.batchSize = batchSize;
            return this;
        }

        /**
         * @param maxOutputsPerInput the most events a stage may emit for one input record, at least 1.
         * @return this.
         */
        public Builder maxOutputsPerInput(final int maxOutputsPerInput)
        {
            if (maxOutputsPerInput < 1)
            {
                throw new IllegalArgumentException("maxOutputsPerInput must be >= 1: " + maxOutputsPerInput);
            }
            this.maxOutputsPerInput = maxOutputsPerInput;
            return this;
        }

        /**
         * @return the config.
         * @throws IllegalArgumentException if a ring cannot hold the outputs of one input.
         */
        public PipelineConfig build()
        {
            if (maxOutputsPerInput > ringSize)
            {
                throw new IllegalArgumentException("maxOutputsPerInput " + maxOutputsPerInput +
                    " must be at most ringSize " + ringSize + ": a stage reserves that much room per input");
            }
            return new PipelineConfig(this);
        }
    }
}
