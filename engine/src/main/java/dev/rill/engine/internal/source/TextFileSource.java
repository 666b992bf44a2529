package dev.rill.engine.internal.source;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import org.agrona.concurrent.EpochClock;

import dev.rill.engine.Event;
import dev.rill.engine.OverlongLinePolicy;
import dev.rill.engine.PipelineException;
import dev.rill.engine.TextFileSourceOptions;
import dev.rill.engine.internal.EventSink;
import dev.rill.engine.internal.Metered;
import dev.rill.engine.internal.SourceReader;

/**
 * Source of {@code textFileStream}: new text files in a directory, each read once, one event per line (Spark's
 * {@code textFileStream}). Files present at start are not read. As in Spark, names starting with {@code '.'} or
 * {@code '_'} are ignored: a writer writes {@code .name.tmp} (or {@code _name}) and renames it into place when
 * complete, so a partial file is never read. New files are read in order of modification time, then name.
 * <p>
 * Runs on the stage's thread: the directory is listed from the duty cycle at most every
 * {@link TextFileSourceOptions#pollIntervalMs()} of the pipeline's clock, and only when no file is being read;
 * files are read in chunks of at most {@code max} lines per poll. Each event: the line's bytes, event time = the
 * clock when read, source = the file's path, partition 0, offset = the line's number in the file (from 0).
 * Unbounded: ends when the pipeline stops. The names seen are remembered for the pipeline's life (a file renamed
 * over an already-read name is not read again).
 */
public final class TextFileSource implements SourceReader, Metered
{
    private final String name;
    private final TextFileSourceOptions options;
    private final EpochClock clock;
    private final Path directory;
    private final Set<String> seen = new HashSet<>();
    private final ArrayDeque<Path> pending = new ArrayDeque<>();
    private final Event event = new Event();
    private final LineAccumulator line = new LineAccumulator();
    private final byte[] buffer = new byte[8192];
    private final AtomicLong filesRead = new AtomicLong();
    private final AtomicLong lines = new AtomicLong();
    private final AtomicLong linesTruncated = new AtomicLong();
    private long nextListingMs = Long.MIN_VALUE;
    private InputStream current;
    private String currentName;
    private long lineNumber;
    private int position;
    private int limit;

    /**
     * @param name    operator name.
     * @param options directory and settings.
     * @param clock   listing interval and event times.
     */
    public TextFileSource(final String name, final TextFileSourceOptions options, final EpochClock clock)
    {
        this.name = name;
        this.options = options;
        this.clock = clock;
        this.directory = options.directory().toAbsolutePath();
    }

    @Override
    public void open()
    {
        if (!Files.isDirectory(directory))
        {
            throw new IllegalArgumentException("textFileStream " + name + ": " + (Files.exists(directory) ?
                "not a directory: " : "directory does not exist: ") + directory);
        }
        // files already there belong to before the start: only new ones are read
        for (final Path file : list())
        {
            seen.add(file.getFileName().toString());
        }
    }

    @Override
    public void onStart()
    {
        // nothing thread-bound: files are opened when found
    }

    @Override
    public int[] partitions()
    {
        return new int[] {0};
    }

    @Override
    public int poll(final EventSink into, final int max)
    {
        int read = 0;
        while (read < max)
        {
            if (current == null)
            {
                if (pending.isEmpty())
                {
                    final long nowMs = clock.time();
                    if (read > 0 || nowMs < nextListingMs)
                    {
                        break;
                    }
                    nextListingMs = nowMs + options.pollIntervalMs();
                    findNewFiles();
                    if (pending.isEmpty())
                    {
                        break;
                    }
                }
                openNext();
            }
            read += readLines(into, max - read);
        }
        return read;
    }

    private List<Path> list()
    {
        final List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory))
        {
            for (final Path entry : entries)
            {
                files.add(entry);
            }
        }
        catch (final IOException ex)
        {
            throw new PipelineException(name, "cannot list directory " + directory + ": " + ex, ex);
        }
        return files;
    }

    private void findNewFiles()
    {
        final List<Path> found = new ArrayList<>();
        final Map<Path, Long> modifiedMs = new LinkedHashMap<>();
        for (final Path file : list())
        {
            final String fileName = file.getFileName().toString();
            if (fileName.startsWith(".") || fileName.startsWith("_") || seen.contains(fileName))
            {
                continue;
            }
            try
            {
                if (!Files.isRegularFile(file))
                {
                    continue;
                }
                modifiedMs.put(file, Files.getLastModifiedTime(file).toMillis());
            }
            catch (final IOException ex)
            {
                continue;   // gone between listing and look-up: not complete, or removed; seen at the next listing
            }
            seen.add(fileName);
            found.add(file);
        }
        found.sort(Comparator.comparing((Path f) -> modifiedMs.get(f)).thenComparing(f -> f.getFileName().toString()));
        pending.addAll(found);
    }

    private void openNext()
    {
        final Path file = pending.poll();
        currentName = file.toString();
        try
        {
            current = Files.newInputStream(file);
        }
        catch (final IOException ex)
        {
            throw new PipelineException(name, currentName, 0, 0, "cannot open new file: " + ex, ex);
        }
        lineNumber = 0;
        position = 0;
        limit = 0;
        line.reset();
    }

    private int readLines(final EventSink into, final int max)
    {
        int read = 0;
        try
        {
            while (read < max)
            {
                if (position == limit)
                {
                    final int n = current.read(buffer);
                    if (n < 0)
                    {
                        // as BufferedReader.readLine: a last line without its newline still counts
                        if (!line.isEmpty())
                        {
                            emit(into);
                            read++;
                        }
                        finishFile();
                        return read;
                    }
                    position = 0;
                    limit = n;
                }
                int end = position;
                while (end < limit && buffer[end] != '\n')
                {
                    end++;
                }
                line.append(buffer, position, end);
                if (end < limit)
                {
                    position = end + 1;
                    emit(into);
                    read++;
                }
                else
                {
                    position = limit;
                }
            }
        }
        catch (final IOException ex)
        {
            throw new PipelineException(name, currentName, 0, lineNumber, "cannot read file: " + ex, ex);
        }
        return read;
    }

    private void emit(final EventSink into)
    {
        final long number = lineNumber++;
        final long length = line.lineLength();
        if (length > Event.BYTES_CAPACITY)
        {
            if (options.overlongLines() == OverlongLinePolicy.FAIL)
            {
                throw new PipelineException(name, currentName, 0, number, "line of " + length +
                    " bytes is longer than the event byte area of " + Event.BYTES_CAPACITY +
                    " bytes (OverlongLinePolicy.FAIL; TRUNCATE keeps the first bytes and counts the line)", null);
            }
            linesTruncated.lazySet(linesTruncated.get() + 1);
        }
        event.clear(currentName, 0, number).eventTimeNs(clock.time() * 1_000_000L);
        event.bytesLength(line.copyTo(event.bytes(), 0));
        line.reset();
        lines.lazySet(lines.get() + 1);
        into.onEvent(event);
    }

    private void finishFile()
    {
        closeCurrent();
        filesRead.lazySet(filesRead.get() + 1);
    }

    private void closeCurrent()
    {
        final InputStream in = current;
        current = null;
        if (in != null)
        {
            try
            {
                in.close();
            }
            catch (final IOException ignored)
            {
                // read-only file: nothing was lost
            }
        }
    }

    @Override
    public boolean isExhausted()
    {
        return false;
    }

    @Override
    public void close()
    {
        closeCurrent();
    }

    @Override
    public String describe()
    {
        return "source " + name + " (new text files in " + options + ")";
    }

    @Override
    public String metricsName()
    {
        return name;
    }

    @Override
    public Map<String, Long> counters()
    {
        final Map<String, Long> counters = new LinkedHashMap<>();
        counters.put("filesRead", filesRead.get());
        counters.put("lines", lines.get());
        counters.put("linesTruncated", linesTruncated.get());
        return counters;
    }

    @Override
    public String status()
    {
        return "watching " + directory;
    }
}
