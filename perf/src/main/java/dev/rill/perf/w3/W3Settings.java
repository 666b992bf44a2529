package dev.rill.perf.w3;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

import dev.rill.perf.LogBuildFingerprint;

/**
 * The resolved settings of one W3 run and the machine it ran on, for the report. Immutable.
 */
final class W3Settings
{
    final long records;
    final int seeks;
    final int seekLength;
    final int runs;
    final long warmupRecords;
    final int warmupSeeks;
    final long blockSizeBytes;
    final String rollCycle;
    final int pollBatch;
    final int rillBatch;
    final int rawPadBytes;
    final long seed;
    final Path dir;
    final String commandLine;
    final ZonedDateTime startedAt;
    final String startLoad = loadAverage();

    W3Settings(final long records, final int seeks, final int seekLength, final int runs, final long warmupRecords,
        final int warmupSeeks, final long blockSizeBytes, final String rollCycle, final int pollBatch,
        final int rillBatch, final int rawPadBytes, final long seed, final Path dir, final String commandLine, final ZonedDateTime startedAt)
    {
        this.records = records;
        this.seeks = seeks;
        this.seekLength = seekLength;
        this.runs = runs;
        this.warmupRecords = warmupRecords;
        this.warmupSeeks = warmupSeeks;
        this.blockSizeBytes = blockSizeBytes;
        this.rollCycle = rollCycle;
        this.pollBatch = pollBatch;
        this.rillBatch = rillBatch;
        this.rawPadBytes = rawPadBytes;
        this.seed = seed;
        this.dir = dir;
        this.commandLine = commandLine;
        this.startedAt = startedAt;
    }

    void describe(final StringBuilder sb)
    {
        sb.append("- date: ").append(startedAt.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)).append('\n');
        sb.append("- JDK: ").append(System.getProperty("java.vm.name")).append(' ')
            .append(System.getProperty("java.runtime.version")).append(" (").append(System.getProperty("java.vendor"))
            .append(")\n");
        sb.append(String.format(Locale.ROOT, "- machine: %d CPUs (%s), %s %s, max heap %d MiB%n",
            Runtime.getRuntime().availableProcessors(), cpuModel(), System.getProperty("os.name"),
            System.getProperty("os.version"), Runtime.getRuntime().maxMemory() >> 20));
        sb.append("- machine load (load average 1/5/15 min; Linux CPU pressure = share of time a runnable task " +
            "waited for a CPU) at start: ").append(startLoad).append("; at end: ")
            .append(loadAverage()).append(" (other users share this machine)\n");
        sb.append("- Rill log build: classes fingerprint ").append(LogBuildFingerprint.of()).append('\n');
        sb.append("- command: `").append(commandLine).append("`\n");
        sb.append("- JVM arguments: `")
            .append(String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()))
            .append("`\n");
        sb.append(String.format(Locale.ROOT, "- work: %,d records × %d B payload (key 8 B + value 24 B, " +
            "reference generator) to one partition; replay from offset 0; %,d seeks × %,d records from random " +
            "offsets (seed %d)%n", records, W3Record.PAYLOAD_LENGTH, seeks, seekLength, seed));
        sb.append(String.format(Locale.ROOT, "- both engines: roll cycle %s, block size %s, one queue, files in %s; " +
            "each engine's files are deleted after its run%n", rollCycle, bytes(blockSizeBytes), dir));
        sb.append(String.format(Locale.ROOT, "- warm-up before measuring: %,d records and %,d seeks per engine%n",
            warmupRecords, warmupSeeks));
        sb.append(rillBatch == 1 ? "- Rill: `Producer.append(partition, timestampNs, DirectBuffer key, " +
            "DirectBuffer value)`, one record per batch (its own Chronicle document)" :
            String.format(Locale.ROOT, "- Rill: `ProducerBatch.add(timestampNs, DirectBuffer key, DirectBuffer " +
            "value)` and `commit()` every %d records: one Chronicle document per batch (Kafka-style record " +
            "batches)", rillBatch));
        sb.append(String.format(Locale.ROOT, " (timestamp = event time); `Consumer.poll(handler, %d)` reading key " +
            "and value in place; each batch carries Rill's header (CRC32C, count and flags, base offset, base and " +
            "max timestamp) and each record 4 B (key and value lengths, timestamp delta); every batch's CRC32C is " +
            "verified on read%n", pollBatch));
        sb.append("- raw: `appender.writingDocument()` + `bytes.write` of the 32 B");
        if (rawPadBytes > 0)
        {
            sb.append(" **plus ").append(rawPadBytes).append(" zero bytes per excerpt (--raw-pad-bytes), not the W3 " +
                "baseline**");
        }
        sb.append("; `tailer.readingDocument()` reading the 4 longs; `tailer.moveToIndex` for seeks; no header, " +
            "no checksum, no lock\n");
    }

    static String bytes(final long n)
    {
        if (n % (1L << 30) == 0)
        {
            return (n >> 30) + " GiB";
        }
        if (n % (1L << 20) == 0)
        {
            return (n >> 20) + " MiB";
        }
        return n + " B";
    }

    static String loadAverage()
    {
        try
        {
            final String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            final String load = fields[0] + " " + fields[1] + " " + fields[2];
            final Path pressure = Path.of("/proc/pressure/cpu");
            if (!Files.isReadable(pressure))
            {
                return "load " + load;
            }
            // Linux PSI: share of time some runnable task waited for a CPU, over 10 s and 60 s.
            final String[] some = Files.readAllLines(pressure).get(0).split("\\s+");
            return "load " + load + ", CPU pressure " + some[1].substring(some[1].indexOf('=') + 1) + "% over 10 s, " +
                some[2].substring(some[2].indexOf('=') + 1) + "% over 60 s";
        }
        catch (final java.io.IOException | RuntimeException ex)
        {
            return "unknown";
        }
    }

    private static String cpuModel()
    {
        try
        {
            final List<String> lines = Files.readAllLines(Path.of("/proc/cpuinfo"));
            for (final String line : lines)
            {
                if (line.startsWith("model name"))
                {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        }
        catch (final java.io.IOException | RuntimeException ex)
        {
            return "cpu model unknown: " + ex.getMessage();
        }
        return "cpu model unknown";
    }
}
