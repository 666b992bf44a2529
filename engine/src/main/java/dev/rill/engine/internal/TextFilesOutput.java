package dev.rill.engine.internal;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import dev.rill.engine.Event;
import dev.rill.engine.EventFormatter;
import dev.rill.engine.PipelineException;

/**
 * Spark's {@code saveAsTextFiles(prefix, suffix)}: one file per batch, empty batches included, named
 * {@code prefix-<batch time ms>.suffix} ({@code prefix-<batch time ms>} when the suffix is empty), one record's text
 * form per line. Written atomically: lines go to a hidden temporary file in the same directory as they arrive,
 * which is renamed into place at the batch end, so a reader never sees a partial file. Records are formatted into a
 * reused builder and copied through a reused char array.
 */
public final class TextFilesOutput implements Output
{
    private final String name;
    private final String prefix;
    private final String suffix;
    private final EventFormatter formatter;
    private final StringBuilder line = new StringBuilder();
    private char[] chars = new char[128];
    private Path tmp;
    private BufferedWriter writer;

    /**
     * @param name      operator name, for errors.
     * @param prefix    file name prefix, with its directory.
     * @param suffix    file name suffix (extension), may be empty.
     * @param formatter text form of a record.
     */
    public TextFilesOutput(final String name, final String prefix, final String suffix,
        final EventFormatter formatter)
    {
        this.name = name;
        this.prefix = prefix;
        this.suffix = suffix;
        this.formatter = formatter;
    }

    /**
     * @param prefix      file name prefix.
     * @param suffix      suffix, may be empty.
     * @param batchTimeMs batch time.
     * @return the file of that batch, as Spark names it.
     */
    public static Path fileOf(final String prefix, final String suffix, final long batchTimeMs)
    {
        return Path.of(prefix + "-" + batchTimeMs + (suffix.isEmpty() ? "" : "." + suffix));
    }

    @Override
    public void onEvent(final Event event)
    {
        line.setLength(0);
        try
        {
            formatter.format(event, line);
        }
        catch (final RuntimeException ex)
        {
            throw Failures.userFunction(name, event, ex);
        }
        line.append('\n');
        if (chars.length < line.length())
        {
            chars = new char[Math.max(line.length(), chars.length * 2)];
        }
        line.getChars(0, line.length(), chars, 0);
        try
        {
            open().write(chars, 0, line.length());
        }
        catch (final IOException ex)
        {
            throw new PipelineException(name, event.sourceName(), event.sourcePartition(), event.sourceOffset(),
                "cannot write " + tmp + ": " + ex, ex);
        }
    }

    private BufferedWriter open() throws IOException
    {
        if (writer == null)
        {
            final Path target = fileOf(prefix, suffix, 0).toAbsolutePath();
            final Path dir = target.getParent();
            Files.createDirectories(dir);
            tmp = dir.resolve("." + target.getFileName() + ".tmp");
            writer = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8);
        }
        return writer;
    }

    @Override
    public void onWatermark(final long watermarkNs)
    {
        // batched chain: batch ends, not watermarks, delimit the input
    }

    @Override
    public void onBatchEnd(final long batchTimeMs)
    {
        final Path target = fileOf(prefix, suffix, batchTimeMs);
        try
        {
            open().close();
            writer = null;
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        catch (final IOException ex)
        {
            throw new PipelineException(name, "cannot write " + target + " (batch of time " + batchTimeMs +
                " ms): " + ex, new UncheckedIOException(ex));
        }
    }

    @Override
    public void onEndOfStream()
    {
        if (writer != null)
        {
            // cannot happen: every batch is closed at its end; kept so a file handle is never leaked
            try
            {
                writer.close();
                Files.deleteIfExists(tmp);
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException(ex);
            }
            writer = null;
        }
    }

    @Override
    public int inputsAvailable(final int reserve)
    {
        return Integer.MAX_VALUE;
    }

    @Override
    public boolean canEnd()
    {
        return true;
    }

    @Override
    public void beginInput()
    {
        // no ring: fan-out is unbounded here
    }

    @Override
    public String describe()
    {
        return "sink " + name + " (text files " + fileOf(prefix, suffix, 0).getFileName() + "...)";
    }
}
