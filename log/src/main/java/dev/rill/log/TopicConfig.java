package dev.rill.log;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Properties;

import dev.rill.log.internal.RollCycleNames;

/**
 * Immutable configuration of a topic, validated when built and stored beside the partitions as
 * {@value #FILE_NAME}. Thread-safe.
 */
public final class TopicConfig
{
    /** Name of the metadata file in a topic's directory. */
    public static final String FILE_NAME = "topic.properties";
    /** Version of the topic format this code writes and reads: the metadata and the record batches of
     * {@link RecordDescriptor} (3: batches of records in one document; 2 and 1 held one record per document). */
    public static final int FORMAT_VERSION = 3;
    /** Retention value meaning "keep forever" / "no size limit". */
    public static final long UNLIMITED = -1;
    /** Default maximum record size: 1 MiB, header included. */
    public static final int DEFAULT_MAX_RECORD_BYTES = 1 << 20;
    /** Default roll cycle: one queue file per hour per partition. */
    public static final String DEFAULT_ROLL_CYCLE = "FAST_HOURLY";
    /** Default Chronicle block size: the mapping unit of a queue file. */
    public static final long DEFAULT_BLOCK_SIZE_BYTES = 64L << 20;

    private final int partitions;
    private final long retentionAgeMs;
    private final long retentionBytes;
    private final int maxRecordBytes;
    private final String rollCycle;
    private final long blockSizeBytes;

    private TopicConfig(final Builder builder)
    {
        this.partitions = builder.partitions;
        this.retentionAgeMs = builder.retentionAgeMs;
        this.retentionBytes = builder.retentionBytes;
        this.maxRecordBytes = builder.maxRecordBytes;
        this.rollCycle = builder.rollCycle;
        this.blockSizeBytes = builder.blockSizeBytes;
    }

    /**
     * @param partitions number of partitions, &gt; 0.
     * @return a builder with defaults for everything else.
     */
    public static Builder builder(final int partitions)
    {
        return new Builder().partitions(partitions);
    }

    /**
     * @return number of partitions.
     */
    public int partitions()
    {
        return partitions;
    }

    /**
     * @return age after which whole roll cycles are deleted, in ms, or {@link #UNLIMITED}.
     */
    public long retentionAgeMs()
    {
        return retentionAgeMs;
    }

    /**
     * @return bytes on disk per partition above which the oldest roll cycles are deleted, or {@link #UNLIMITED}.
     */
    public long retentionBytes()
    {
        return retentionBytes;
    }

    /**
     * @return maximum size of one record, header included, in bytes.
     */
    public int maxRecordBytes()
    {
        return maxRecordBytes;
    }

    /**
     * @return name of the Chronicle roll cycle.
     */
    public String rollCycle()
    {
        return rollCycle;
    }

    /**
     * @return Chronicle block size in bytes.
     */
    public long blockSizeBytes()
    {
        return blockSizeBytes;
    }

    /**
     * Write this config atomically into a topic directory.
     *
     * @param topicDir directory of the topic.
     * @throws IOException if the file cannot be written.
     */
    void writeTo(final Path topicDir) throws IOException
    {
        final Properties p = new Properties();
        p.setProperty("format", Integer.toString(FORMAT_VERSION));
        p.setProperty("partitions", Integer.toString(partitions));
        p.setProperty("retention.age.ms", Long.toString(retentionAgeMs));
        p.setProperty("retention.bytes", Long.toString(retentionBytes));
        p.setProperty("max.record.bytes", Integer.toString(maxRecordBytes));
        p.setProperty("roll.cycle", rollCycle);
        p.setProperty("block.size.bytes", Long.toString(blockSizeBytes));
        final StringWriter text = new StringWriter();
        p.store(text, "Rill topic");
        FileUtil.writeAtomically(topicDir.resolve(FILE_NAME), text.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Read and validate the config of a topic.
     *
     * @param topic    topic name, for messages.
     * @param topicDir directory of the topic.
     * @return the config.
     * @throws NotATopicException if the directory holds no valid topic metadata.
     */
    static TopicConfig readFrom(final String topic, final Path topicDir)
    {
        final Path file = topicDir.resolve(FILE_NAME);
        if (!Files.isRegularFile(file))
        {
            throw new NotATopicException(topic, topicDir, "no " + FILE_NAME);
        }
        final Properties p = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8))
        {
            p.load(reader);
        }
        catch (final CharacterCodingException ex)
        {
            throw new NotATopicException(topic, topicDir, file + " is not UTF-8 text");
        }
        catch (final IOException | IllegalArgumentException ex)
        {
            throw new NotATopicException(topic, topicDir, "cannot read " + file + ": " + ex);
        }
        try
        {
            final int format = Integer.parseInt(required(p, "format"));
            if (format != FORMAT_VERSION)
            {
                throw new NotATopicException(topic, topicDir,
                    file + " has format " + format + ", this version reads format " + FORMAT_VERSION);
            }
            return new Builder()
                .partitions(Integer.parseInt(required(p, "partitions")))
                .retentionAgeMs(Long.parseLong(required(p, "retention.age.ms")))
                .retentionBytes(Long.parseLong(required(p, "retention.bytes")))
                .maxRecordBytes(Integer.parseInt(required(p, "max.record.bytes")))
                .rollCycle(required(p, "roll.cycle"))
                .blockSizeBytes(Long.parseLong(required(p, "block.size.bytes")))
                .build();
        }
        catch (final IllegalArgumentException ex)
        {
            throw new NotATopicException(topic, topicDir, "invalid " + file + ": " + ex.getMessage());
        }
    }

    private static String required(final Properties p, final String key)
    {
        final String value = p.getProperty(key);
        if (value == null)
        {
            throw new IllegalArgumentException("missing '" + key + "'");
        }
        return value.trim();
    }

    @Override
    public boolean equals(final Object o)
    {
        if (this == o)
        {
            return true;
        }
        if (!(o instanceof TopicConfig))
        {
            return false;
        }
        final TopicConfig that = (TopicConfig)o;
        return partitions == that.partitions && retentionAgeMs == that.retentionAgeMs &&
            retentionBytes == that.retentionBytes && maxRecordBytes == that.maxRecordBytes &&
            blockSizeBytes == that.blockSizeBytes && rollCycle.equals(that.rollCycle);
    }

    @Override
    public int hashCode()
    {
        return Objects.hash(partitions, retentionAgeMs, retentionBytes, maxRecordBytes, rollCycle, blockSizeBytes);
    }

    @Override
    public String toString()
    {
        return "TopicConfig{partitions=" + partitions + ", retentionAgeMs=" + retentionAgeMs + ", retentionBytes=" +
            retentionBytes + ", maxRecordBytes=" + maxRecordBytes + ", rollCycle=" + rollCycle +
            ", blockSizeBytes=" + blockSizeBytes + '}';
    }

    /**
     * Builds a {@link TopicConfig}; each setter validates its argument and names it in the error.
     */
    public static final class Builder
    {
        private int partitions = 1;
        private long retentionAgeMs = UNLIMITED;
        private long retentionBytes = UNLIMITED;
        private int maxRecordBytes = DEFAULT_MAX_RECORD_BYTES;
        private String rollCycle = DEFAULT_ROLL_CYCLE;
        private long blockSizeBytes = DEFAULT_BLOCK_SIZE_BYTES;

        private Builder()
        {
        }

        /**
         * @param partitions number of partitions, &gt; 0.
         * @return this.
         */
        public Builder partitions(final int partitions)
        {
            if (partitions <= 0 || partitions > 4096)
            {
                throw new IllegalArgumentException("partitions must be in 1..4096: " + partitions);
            }
            this.partitions = partitions;
            return this;
        }

        /**
         * @param retentionAgeMs age in ms after which whole roll cycles are deleted, or {@link #UNLIMITED}.
         * @return this.
         */
        public Builder retentionAgeMs(final long retentionAgeMs)
        {
            if (retentionAgeMs <= 0 && retentionAgeMs != UNLIMITED)
            {
                throw new IllegalArgumentException("retention age must be > 0 ms or unlimited: " + retentionAgeMs);
            }
            this.retentionAgeMs = retentionAgeMs;
            return this;
        }

        /**
         * @param retentionBytes bytes per partition above which old roll cycles are deleted, or {@link #UNLIMITED}.
         * @return this.
         */
        public Builder retentionBytes(final long retentionBytes)
        {
            if (retentionBytes <= 0 && retentionBytes != UNLIMITED)
            {
                throw new IllegalArgumentException("retention bytes must be > 0 or unlimited: " + retentionBytes);
            }
            this.retentionBytes = retentionBytes;
            return this;
        }

        /**
         * @param maxRecordBytes maximum record size, header included, in bytes.
         * @return this.
         */
        public Builder maxRecordBytes(final int maxRecordBytes)
        {
            if (maxRecordBytes < RecordDescriptor.MAX_OVERHEAD || maxRecordBytes > (64 << 20))
            {
                throw new IllegalArgumentException("max record bytes must be in " + RecordDescriptor.MAX_OVERHEAD +
                    ".." + (64 << 20) + ": " + maxRecordBytes);
            }
            this.maxRecordBytes = maxRecordBytes;
            return this;
        }

        /**
         * @param rollCycle name of a Chronicle roll cycle, e.g. {@code FAST_HOURLY}, {@code FAST_DAILY}.
         * @return this.
         */
        public Builder rollCycle(final String rollCycle)
        {
            RollCycleNames.byName(rollCycle);
            this.rollCycle = rollCycle;
            return this;
        }

        /**
         * The unit in which a queue file is mapped. The appender maps each new block as the records reach it: about
         * 0.6 ms on that append with 64 MiB blocks on this project's VMs (perf/PROFILE-W2.md), so a latency-sensitive
         * topic wants blocks that hold what a partition writes in a roll cycle, or at least in a run. The file is
         * sparse: a block takes disk as it is written, and address space when mapped.
         *
         * @param blockSizeBytes Chronicle block size in bytes (mapping unit), 1 MiB to 4 GiB.
         * @return this.
         */
        public Builder blockSizeBytes(final long blockSizeBytes)
        {
            if (blockSizeBytes < (1 << 20) || blockSizeBytes > (4L << 30))
            {
                throw new IllegalArgumentException("block size must be in 1 MiB..4 GiB: " + blockSizeBytes);
            }
            this.blockSizeBytes = blockSizeBytes;
            return this;
        }

        /**
         * @return the config.
         */
        public TopicConfig build()
        {
            if ((long)maxRecordBytes * 4 > blockSizeBytes)
            {
                throw new IllegalArgumentException("max record bytes " + maxRecordBytes +
                    " must be at most a quarter of the block size " + blockSizeBytes);
            }
            return new TopicConfig(this);
        }
    }
}
