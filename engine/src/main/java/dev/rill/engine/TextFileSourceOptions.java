package dev.rill.engine;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Options of {@link Pipeline#textFileStream(TextFileSourceOptions)}: the directory, how often it is listed, what to
 * do with overlong lines. Immutable; validated when built.
 */
public final class TextFileSourceOptions
{
    private final Path directory;
    private final long pollIntervalMs;
    private final OverlongLinePolicy overlongLines;

    private TextFileSourceOptions(final Builder b)
    {
        this.directory = b.directory;
        this.pollIntervalMs = b.pollIntervalMs;
        this.overlongLines = b.overlongLines;
    }

    /**
     * @param directory the directory to watch.
     * @return a builder.
     */
    public static Builder directory(final Path directory)
    {
        return new Builder(directory);
    }

    /**
     * @return the directory watched.
     */
    public Path directory()
    {
        return directory;
    }

    /**
     * @return least time between two listings of the directory, milliseconds of the pipeline's clock.
     */
    public long pollIntervalMs()
    {
        return pollIntervalMs;
    }

    /**
     * @return what to do with a line longer than the event's byte area.
     */
    public OverlongLinePolicy overlongLines()
    {
        return overlongLines;
    }

    @Override
    public String toString()
    {
        return directory + ", listed every " + pollIntervalMs + " ms, overlong lines " + overlongLines;
    }

    /**
     * Builder of {@link TextFileSourceOptions}; each setter validates its value.
     */
    public static final class Builder
    {
        private final Path directory;
        private long pollIntervalMs = 200;
        private OverlongLinePolicy overlongLines = OverlongLinePolicy.FAIL;

        private Builder(final Path directory)
        {
            this.directory = Objects.requireNonNull(directory, "directory");
        }

        /**
         * @param intervalMs least time between listings, at least 0 (default 200; 0 lists on every idle duty
         *                   cycle, for tests).
         * @return this.
         */
        public Builder pollIntervalMs(final long intervalMs)
        {
            if (intervalMs < 0)
            {
                throw new IllegalArgumentException("pollIntervalMs must be >= 0: " + intervalMs);
            }
            this.pollIntervalMs = intervalMs;
            return this;
        }

        /**
         * @param policy what to do with a line longer than the byte area (default {@link OverlongLinePolicy#FAIL}).
         * @return this.
         */
        public Builder overlongLines(final OverlongLinePolicy policy)
        {
            this.overlongLines = Objects.requireNonNull(policy, "overlongLines");
            return this;
        }

        /**
         * @return the options.
         */
        public TextFileSourceOptions build()
        {
            return new TextFileSourceOptions(this);
        }
    }
}
