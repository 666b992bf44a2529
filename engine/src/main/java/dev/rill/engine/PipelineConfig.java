package dev.rill.engine;

import java.util.Objects;

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

    private PipelineConfig(final Builder b)
    {
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
     * @return the defaults: dedicated threads, {@link WaitStrategy#BACKOFF}, rings of 1024, batches of 256.
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
     * @return the most events a stage with a flatMap may emit for one input record; a stage reserves this much
     * ring room before it takes an input, and a flatMap that emits more fails the pipeline.
     */
    public int maxOutputsPerInput()
    {
        return maxOutputsPerInput;
    }

    @Override
    public String toString()
    {
        return "threading=" + threadingMode + ", wait=" + waitStrategy + ", ringSize=" + ringSize + ", batchSize=" +
            batchSize + ", maxOutputsPerInput=" + maxOutputsPerInput;
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

        private Builder()
        {
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
