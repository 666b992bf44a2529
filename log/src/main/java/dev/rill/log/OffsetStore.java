package dev.rill.log;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Committed offsets of consumer groups: one small file per (group, topic, partition) under
 * {@code <log>/groups/<group>/<topic>/p-<n>}, written by write, fsync, rename, fsync: durable once
 * {@link #commit} returns, also across {@code kill -9} and power loss. Thread-safe for distinct partitions.
 */
public final class OffsetStore
{
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,199}");
    private final Path groupsDir;

    OffsetStore(final Path groupsDir)
    {
        this.groupsDir = groupsDir;
    }

    static void validateName(final String what, final String name)
    {
        if (name == null || !NAME.matcher(name).matches())
        {
            throw new IllegalArgumentException("invalid " + what + " name '" + name +
                "': use 1-200 of [A-Za-z0-9._-], starting with a letter or digit");
        }
    }

    /**
     * @param group     consumer group.
     * @param topic     topic.
     * @param partition partition.
     * @return the committed offset (the next offset to read), or -1 if none.
     */
    public long committed(final String group, final String topic, final int partition)
    {
        final Path file = file(group, topic, partition);
        final String text;
        try
        {
            text = new String(Files.readAllBytes(file), StandardCharsets.US_ASCII).trim();
        }
        catch (final NoSuchFileException ex)
        {
            return -1;
        }
        catch (final IOException ex)
        {
            throw new LogException("cannot read committed offset: group=" + group + ", topic=" + topic +
                ", partition=" + partition + ", file=" + file + ": " + ex.getMessage(), ex);
        }
        try
        {
            final long offset = Long.parseLong(text);
            if (offset < 0)
            {
                throw new NumberFormatException("negative");
            }
            return offset;
        }
        catch (final NumberFormatException ex)
        {
            throw new LogException("damaged committed offset: group=" + group + ", topic=" + topic +
                ", partition=" + partition + ", file=" + file + ": '" + text + "'");
        }
    }

    /**
     * Store the next offset to read for a group; durable when this returns.
     *
     * @param group     consumer group.
     * @param topic     topic.
     * @param partition partition.
     * @param offset    next offset to read.
     */
    public void commit(final String group, final String topic, final int partition, final long offset)
    {
        final Path file = file(group, topic, partition);
        try
        {
            Files.createDirectories(file.getParent());
            FileUtil.writeAtomically(file, (offset + "\n").getBytes(StandardCharsets.US_ASCII));
        }
        catch (final IOException ex)
        {
            throw new LogException("cannot commit offset: group=" + group + ", topic=" + topic + ", partition=" +
                partition + ", offset=" + offset + ", file=" + file + ": " + ex.getMessage(), ex);
        }
    }

    private Path file(final String group, final String topic, final int partition)
    {
        validateName("group", group);
        validateName("topic", topic);
        return groupsDir.resolve(group).resolve(topic).resolve("p-" + partition);
    }
}
