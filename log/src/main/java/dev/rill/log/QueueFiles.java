package dev.rill.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import net.openhft.chronicle.queue.RollCycle;

/**
 * The queue files ({@code .cq4}) of one partition as plain files, looked at before Chronicle maps them.
 * <p>
 * Chronicle handles a file without a complete first header badly: it waits for the header for its timeout (tens of
 * seconds), then fails with an assertion or a class-not-found error from deep inside its wire code. Such a file
 * is either damaged (truncated, overwritten) or was being created by a writer that died. Looking at the first
 * header here, with a plain read, lets the partition tell the two apart and say which it is.
 * <p>
 * Chronicle's document header is a little-endian int: bit 31 "not complete", bit 30 "metadata", bits 0-29 the
 * length of the document that follows. A queue file starts with a complete metadata document (the store header)
 * whose first field is {@code header: !SCQStore}.
 */
final class QueueFiles
{
    static final String SUFFIX = ".cq4";
    static final int NOT_COMPLETE = 0x8000_0000;
    static final int META_DATA = 0x4000_0000;
    static final int LENGTH_MASK = 0x3FFF_FFFF;
    /**
     * How Chronicle's binary wire starts the store header document: the field {@code header} (0xb9, length 6)
     * holding a typed value {@code SCQStore} (0xb6, length 8).
     */
    private static final byte[] STORE_HEADER_START = {
        (byte)0xb9, 6, 'h', 'e', 'a', 'd', 'e', 'r', (byte)0xb6, 8, 'S', 'C', 'Q', 'S', 't', 'o', 'r', 'e'};

    private final Path dir;
    private final DateTimeFormatter fileNames;
    private final long cycleLengthMs;

    QueueFiles(final Path dir, final RollCycle rollCycle)
    {
        this.dir = dir;
        // Chronicle names a cycle's file by formatting its start time in UTC with the roll cycle's pattern.
        this.fileNames = DateTimeFormatter.ofPattern(rollCycle.format()).withZone(ZoneOffset.UTC);
        this.cycleLengthMs = rollCycle.lengthInMillis();
    }

    /**
     * @return the file name Chronicle gives a cycle's queue file. Names sort in cycle order.
     */
    String fileName(final int cycle)
    {
        return fileNames.format(Instant.ofEpochMilli(cycle * cycleLengthMs)) + SUFFIX;
    }

    Path file(final int cycle)
    {
        return dir.resolve(fileName(cycle));
    }

    /**
     * @return the queue files, oldest first.
     */
    List<Path> list() throws IOException
    {
        final List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir))
        {
            s.filter(f -> f.getFileName().toString().endsWith(SUFFIX)).sorted().forEach(files::add);
        }
        return files;
    }

    /**
     * @return null if the file starts with a complete store header that fits in it, else what is wrong.
     */
    static String headerProblem(final Path file) throws IOException
    {
        final long length = Files.size(file);
        if (length < 4)
        {
            return "has no header (" + length + " bytes)";
        }
        final ByteBuffer header = ByteBuffer.allocate(4 + STORE_HEADER_START.length).order(ByteOrder.LITTLE_ENDIAN);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ))
        {
            while (header.hasRemaining() && ch.read(header, header.position()) >= 0)
            {
                // read the header and the start of the document
            }
        }
        final int h = header.getInt(0);
        if (h == 0)
        {
            return "has no header (" + length + " bytes, starting with zeros)";
        }
        if ((h & NOT_COMPLETE) != 0 || (h & META_DATA) == 0)
        {
            return "has an incomplete or invalid header (0x" + Integer.toHexString(h) + ", " + length + " bytes)";
        }
        if (4L + (h & LENGTH_MASK) > length)
        {
            return "is truncated inside its header (" + length + " bytes, header needs " +
                (4L + (h & LENGTH_MASK)) + ")";
        }
        for (int i = 0; i < STORE_HEADER_START.length; i++)
        {
            if (header.position() <= 4 + i || header.get(4 + i) != STORE_HEADER_START[i])
            {
                return "does not start with a Chronicle queue store header";
            }
        }
        return null;
    }
}
