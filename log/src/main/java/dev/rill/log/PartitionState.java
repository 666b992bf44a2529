package dev.rill.log;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Properties;

/**
 * What a partition's writer knows must be on disk, kept beside the queue files in {@value #FILE_NAME}: the newest
 * roll cycle that holds records, the offset of its first record, and the earliest offset retention kept.
 * <p>
 * The queue files are the truth; this file only lets a reopened partition tell "never written" from "deleted or
 * truncated behind our back". Without it, a deleted newest queue file would silently restart the partition at an
 * older offset and reuse offsets. Written by the writer when a roll cycle gets its first record (once per cycle),
 * and by retention before it deletes files. Immutable.
 */
final class PartitionState
{
    static final String FILE_NAME = "partition.state";

    private final long earliestOffset;
    private final int lastCycle;
    private final long lastCycleOffset;

    PartitionState(final long earliestOffset, final int lastCycle, final long lastCycleOffset)
    {
        this.earliestOffset = earliestOffset;
        this.lastCycle = lastCycle;
        this.lastCycleOffset = lastCycleOffset;
    }

    /**
     * @return the earliest offset retention kept.
     */
    long earliestOffset()
    {
        return earliestOffset;
    }

    /**
     * @return the newest roll cycle known to hold records.
     */
    int lastCycle()
    {
        return lastCycle;
    }

    /**
     * @return the offset of the first record of {@link #lastCycle()}.
     */
    long lastCycleOffset()
    {
        return lastCycleOffset;
    }

    /**
     * @return the state stored in a partition directory, or null if there is none or it cannot be read (it is
     * advisory: the writer rewrites it).
     */
    static PartitionState read(final Path partitionDir)
    {
        final Properties p = new Properties();
        try (Reader reader = Files.newBufferedReader(partitionDir.resolve(FILE_NAME), StandardCharsets.UTF_8))
        {
            p.load(reader);
            return new PartitionState(
                Long.parseLong(p.getProperty("earliest.offset", "").trim()),
                Integer.parseInt(p.getProperty("last.cycle", "").trim()),
                Long.parseLong(p.getProperty("last.cycle.offset", "").trim()));
        }
        catch (final NoSuchFileException ex)
        {
            return null;
        }
        catch (final IOException | IllegalArgumentException ex)
        {
            return null;
        }
    }

    void write(final Path partitionDir) throws IOException
    {
        final Properties p = new Properties();
        p.setProperty("earliest.offset", Long.toString(earliestOffset));
        p.setProperty("last.cycle", Integer.toString(lastCycle));
        p.setProperty("last.cycle.offset", Long.toString(lastCycleOffset));
        final StringWriter text = new StringWriter();
        p.store(text, "Rill partition state: written by the writer, checked on open");
        FileUtil.writeAtomically(partitionDir.resolve(FILE_NAME), text.toString().getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public boolean equals(final Object o)
    {
        if (!(o instanceof PartitionState))
        {
            return false;
        }
        final PartitionState that = (PartitionState)o;
        return earliestOffset == that.earliestOffset && lastCycle == that.lastCycle &&
            lastCycleOffset == that.lastCycleOffset;
    }

    @Override
    public int hashCode()
    {
        return Long.hashCode(earliestOffset) * 31 + lastCycle * 17 + Long.hashCode(lastCycleOffset);
    }

    @Override
    public String toString()
    {
        return "PartitionState{earliestOffset=" + earliestOffset + ", lastCycle=" + lastCycle +
            ", lastCycleOffset=" + lastCycleOffset + '}';
    }
}
