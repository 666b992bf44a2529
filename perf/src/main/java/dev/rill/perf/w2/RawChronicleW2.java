package dev.rill.perf.w2;

import java.nio.file.Path;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.concurrent.IdleStrategy;

import dev.rill.engine.ReferenceGenerator;
import dev.rill.engine.WaitStrategy;
import dev.rill.log.TopicConfig;
import dev.rill.log.internal.RollCycleNames;
import dev.rill.perf.PerfFiles;

/**
 * The baseline of W2 through the log: what a user writes by hand with Chronicle Queue. A release thread spins until
 * each event's intended time and appends one excerpt (index, symbol, qty, intended time; 32 bytes) to a plain
 * Chronicle queue with the roll cycle and block size of a default Rill topic; one reader thread follows it with a
 * tailer, idling as {@code wait} does (for YIELDING: spin, then yield), keeps the running sum per symbol in a
 * {@code long[]} and records latency at once. No record header, no checksum, no partition lock, and none of Rill's
 * write-mapping advice: Chronicle's defaults. Two threads, as {@link RillViaLogW2} and {@link DisruptorW2}. The queue
 * lives in a new temporary folder, deleted by {@link #close()}. Open loop: a late append is measured from its
 * intended time.
 */
final class RawChronicleW2 implements W2Engine
{
    private final Path dir;
    private final SingleChronicleQueue queue;
    private final LatencySink sink;
    private final long total;
    private final int symbols;
    private final long periodNsTimes1000;
    private final WaitStrategy wait;
    private Thread producer;
    private Thread consumer;
    private volatile boolean stopped;
    private volatile Throwable failure;

    RawChronicleW2(final int symbols, final long warmup, final long events, final double rate,
        final WaitStrategy wait)
    {
        this.total = warmup + events;
        this.symbols = symbols;
        this.wait = wait;
        this.sink = new LatencySink(warmup, total, rate);
        this.periodNsTimes1000 = Math.round(1e12 / rate);
        this.dir = PerfFiles.newTempDir("rill-w2-raw");
        final TopicConfig topic = TopicConfig.builder(1).build();
        this.queue = SingleChronicleQueueBuilder.binary(dir).rollCycle(RollCycleNames.byName(topic.rollCycle()))
            .blockSize(topic.blockSizeBytes()).build();
    }

    @Override
    public String name()
    {
        return "raw-chronicle";
    }

    @Override
    public void start()
    {
        final long startNs = System.nanoTime() + 20_000_000L;
        consumer = new Thread(this::follow, "w2-raw-reader");
        producer = new Thread(() ->
        {
            try (ExcerptAppender appender = queue.createAppender())
            {
                for (long i = 0; i < total && !stopped; i++)
                {
                    final long intended = startNs + i * periodNsTimes1000 / 1000;
                    while (System.nanoTime() < intended)
                    {
                        Thread.onSpinWait();
                    }
                    final long r = ReferenceGenerator.draw(i);
                    try (DocumentContext dc = appender.writingDocument())
                    {
                        dc.wire().bytes().writeLong(i).writeLong(Long.remainderUnsigned(r, symbols))
                            .writeLong(1 + (int)((r >>> 40) & 255)).writeLong(intended);
                    }
                }
            }
            catch (final RuntimeException | Error ex)
            {
                failure = ex;
            }
        }, "w2-raw-release");
        consumer.start();
        producer.start();
    }

    private void follow()
    {
        final long[] sums = new long[symbols];
        final IdleStrategy idle = wait.newIdleStrategy();
        try (ExcerptTailer tailer = queue.createTailer())
        {
            long read = 0;
            while (read < total && !stopped)
            {
                try (DocumentContext dc = tailer.readingDocument())
                {
                    if (!dc.isPresent())
                    {
                        idle.idle(0);
                        continue;
                    }
                    final Bytes<?> bytes = dc.wire().bytes();
                    final long index = bytes.readLong();
                    final int symbol = (int)bytes.readLong();
                    final long qty = bytes.readLong();
                    final long intended = bytes.readLong();
                    idle.reset();
                    sink.onTotal(index, sums[symbol] += qty, intended);
                    read++;
                }
            }
        }
        catch (final RuntimeException | Error ex)
        {
            failure = ex;
        }
    }

    @Override
    public LatencySink sink()
    {
        return sink;
    }

    @Override
    public Throwable failure()
    {
        return failure;
    }

    @Override
    public void close() throws InterruptedException
    {
        stopped = true;
        try
        {
            if (producer != null)
            {
                producer.join();
            }
            if (consumer != null)
            {
                consumer.join();
            }
        }
        finally
        {
            queue.close();
            PerfFiles.deleteRecursively(dir);
        }
    }
}
