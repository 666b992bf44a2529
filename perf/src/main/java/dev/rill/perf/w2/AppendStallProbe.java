package dev.rill.perf.w2;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.concurrent.UnsafeBuffer;

import dev.rill.log.Producer;
import dev.rill.log.RillLog;
import dev.rill.log.TopicConfig;
import dev.rill.perf.JvmFlags;
import dev.rill.perf.PerfFiles;

/**
 * Where W2 through the log lost its tail: appends one record at a time as fast as it can, Rill's
 * {@code Producer.append} (32 B payload, 63 B in the file) or raw Chronicle (a 59 B excerpt, the same 63 B), and
 * reports every append that took over 1 ms, with the record number and the gap to the previous one.
 * <p>
 * On this machine's ext4 disk, with the kernel's default read-ahead, both stall for about 20 ms every 8 MiB written
 * (131,072 such records), whatever Chronicle's block size or index settings. {@code perf record -g} shows where:
 * the first write to a page of the new, sparse queue file faults, and the fault reads in (zeroes) a whole
 * read-ahead window of the hole ({@code filemap_fault → page_cache_ra_order → ext4_mpage_readpages → memset}).
 * Rill's writer now turns read-ahead off for its mappings ({@code madvise(MADV_RANDOM)}, the log's
 * {@code WriteMappingAdvice}), so each fault zeroes one page; {@code -Drill.log.writeMappingAdvice=false} restores
 * the default for comparison. Raw Chronicle keeps the default.
 * <p>
 * {@code java [-Drill.log.writeMappingAdvice=false] -cp perf/target/rill-benchmarks.jar
 * dev.rill.perf.w2.AppendStallProbe [rill|raw] [RECORDS] [DIR]} (defaults: rill, 6,000,000, a temporary directory;
 * the files are deleted after).
 */
public final class AppendStallProbe
{
    private static final long STALL_NS = 1_000_000;
    private static final int SHOWN = 8;

    private long stalls;
    private long stalledNs;
    private long worstNs;
    private long previousStall = -1;

    private AppendStallProbe()
    {
    }

    /**
     * @param args {@code rill|raw}, records, directory.
     * @throws IOException if the directory cannot be made.
     */
    public static void main(final String[] args) throws IOException
    {
        JvmFlags.relaunchIfMissing(AppendStallProbe.class, args);
        final boolean raw = args.length > 0 && args[0].equals("raw");
        if (args.length > 0 && !raw && !args[0].equals("rill"))
        {
            System.err.println("AppendStallProbe: first argument must be rill or raw: " + args[0]);
            System.exit(2);
        }
        final long records = args.length > 1 ? Long.parseLong(args[1]) : 6_000_000L;
        final Path dir = args.length > 2 ? Files.createTempDirectory(Path.of(args[2]), "rill-stall-") :
            PerfFiles.newTempDir("rill-stall-");
        final AppendStallProbe probe = new AppendStallProbe();
        final long start = System.nanoTime();
        try
        {
            if (raw)
            {
                probe.appendRaw(dir, records);
            }
            else
            {
                probe.appendRill(dir, records);
            }
        }
        finally
        {
            PerfFiles.deleteRecursively(dir);
        }
        final String engine = raw ? "raw Chronicle" : "Rill (read-ahead " +
            (Boolean.parseBoolean(System.getProperty("rill.log.writeMappingAdvice", "true")) ? "off)" : "on)");
        System.out.printf(Locale.ROOT, "%s, %,d records in %s: %.2f s, %d appends over 1 ms taking %.1f ms in all, " +
            "worst %.2f ms%n", engine, records, dir, (System.nanoTime() - start) / 1e9,
            probe.stalls, probe.stalledNs / 1e6, probe.worstNs / 1e6);
    }

    private void appendRill(final Path dir, final long records)
    {
        try (RillLog log = RillLog.open(dir))
        {
            final Producer producer = log.createTopic("stall", TopicConfig.builder(1).build()).producer();
            final UnsafeBuffer payload = new UnsafeBuffer(new byte[32]);
            for (long i = 0; i < records; i++)
            {
                payload.putLong(0, i);
                final long before = System.nanoTime();
                producer.append(0, i, payload, 0, 8, payload, 8, 24);
                note(i, System.nanoTime() - before);
            }
        }
    }

    private void appendRaw(final Path dir, final long records)
    {
        try (SingleChronicleQueue queue = SingleChronicleQueueBuilder.binary(dir).rollCycle(RollCycles.FAST_HOURLY)
            .blockSize(TopicConfig.DEFAULT_BLOCK_SIZE_BYTES).build();
            ExcerptAppender appender = queue.createAppender())
        {
            for (long i = 0; i < records; i++)
            {
                final long before = System.nanoTime();
                try (DocumentContext dc = appender.writingDocument())
                {
                    dc.wire().bytes().writeLong(i).writeSkip(51);
                }
                note(i, System.nanoTime() - before);
            }
        }
    }

    private void note(final long record, final long ns)
    {
        worstNs = Math.max(worstNs, ns);
        if (ns <= STALL_NS)
        {
            return;
        }
        stalls++;
        stalledNs += ns;
        if (stalls <= SHOWN)
        {
            System.out.printf(Locale.ROOT, "append %,d took %.2f ms%s%n", record, ns / 1e6,
                previousStall < 0 ? "" : String.format(Locale.ROOT, " (%,d records after the previous stall)",
                record - previousStall));
        }
        previousStall = record;
    }
}
