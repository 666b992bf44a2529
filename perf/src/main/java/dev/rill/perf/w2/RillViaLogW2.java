package dev.rill.perf.w2;

import java.nio.ByteOrder;
import java.nio.file.Path;

import org.agrona.concurrent.UnsafeBuffer;

import dev.rill.engine.LogSourceOptions;
import dev.rill.engine.Pipeline;
import dev.rill.engine.PipelineConfig;
import dev.rill.engine.RecordDecoder;
import dev.rill.engine.ReferenceGenerator;
import dev.rill.engine.ThreadingMode;
import dev.rill.engine.WaitStrategy;
import dev.rill.log.Producer;
import dev.rill.log.ProducerBatch;
import dev.rill.log.RillLog;
import dev.rill.log.TopicConfig;
import dev.rill.operators.state.LongKeyedState;
import dev.rill.perf.PerfFiles;

/**
 * W2 through the log, the end-to-end figure of a trading pipeline: a release thread spins until each event's
 * intended release time and appends it to a one-partition topic; the pipeline follows the topic.
 * <pre>
 *   release thread: key = symbol, value = qty, intended release time (8 B little-endian each), appended at its
 *                   time as a batch of one; when the thread is behind, every event already due (up to 64) in one
 *                   ProducerBatch; when it is early, one Producer.touchAhead while it waits (the next page's fault
 *                   taken then, not in an append; -Dw2.touchAhead=false leaves it out)
 *   topicStream(follow) -&gt; decode in place (key, long1 = qty, long2 = intended)      the one stage
 *     -&gt; map "runningSum": long0 = sum(qty) of the key so far, off-heap LongKeyedState
 *     -&gt; foreach "latency": sink nanoTime - long2 into HdrHistogram                 same stage
 * </pre>
 * Two threads, as the Disruptor baseline: the release thread and the pipeline's one stage. The log is the hop
 * between them (a ring after the source would add a third spinning thread on a 2-core machine, and its scheduling
 * quanta would be the latency).
 * The record's offset is the event index (one partition, a new topic), so warm-up and checksum work as in
 * {@link RillW2}. Latency therefore includes the append (CRC, Chronicle write), the tailer's read and the sum. The
 * topic lives in a new temporary folder, deleted by {@link #close()}, with one 1 GiB Chronicle block (as W3's logs)
 * so that a run never maps a second one. Open loop: a late append is measured from its intended time.
 */
final class RillViaLogW2 implements W2Engine
{
    /** Most events the release thread appends as one batch when it is behind. */
    static final int MAX_DUE = 64;
    /** The topic's Chronicle block; {@code -Dw2.blockSize=67108864} for the default's, to compare. */
    static final long BLOCK_BYTES = Long.getLong("w2.blockSize", 1L << 30);
    /**
     * Whether the release thread calls {@link dev.rill.log.Producer#touchAhead} while early for an event (default
     * true; {@code -Dw2.touchAhead=false} to compare): with it, appends at 1M/s have p99 0.2 µs instead of 2.5 µs
     * (perf/reports/20261126-late/touch-ahead-appends.txt).
     */
    static final boolean TOUCH_AHEAD = Boolean.parseBoolean(System.getProperty("w2.touchAhead", "true"));

    private static final RecordDecoder DECODE = (record, event) ->
    {
        final int at = record.valueOffset();
        event.key(record.buffer().getLong(record.keyOffset(), ByteOrder.LITTLE_ENDIAN));
        event.long1(record.buffer().getLong(at, ByteOrder.LITTLE_ENDIAN));
        event.long2(record.buffer().getLong(at + Long.BYTES, ByteOrder.LITTLE_ENDIAN));
    };

    private final Path dir;
    private final RillLog log;
    private final Pipeline pipeline;
    private final LatencySink sink;
    private final LongKeyedState state;
    private final long total;
    private final int symbols;
    private final long periodNsTimes1000;
    private Thread producer;
    private volatile boolean stopped;
    private volatile Throwable producerFailure;
    /** Batches of more than one event the release thread appended: how often it caught up. */
    private volatile long catchUpBatches;

    RillViaLogW2(final int symbols, final long warmup, final long events, final double rate,
        final WaitStrategy wait)
    {
        this.total = warmup + events;
        this.symbols = symbols;
        this.sink = new LatencySink(warmup, total, rate);
        this.periodNsTimes1000 = Math.round(1e12 / rate);
        this.dir = PerfFiles.newTempDir("rill-w2-log");
        this.log = RillLog.open(dir);
        // one 1 GiB block, as W3's logs: the 3M records of a default run never reach a second one (the appender maps
        // each new block as it reaches it, about 0.6 ms on that append with the default 64 MiB; PROFILE-W2)
        log.createTopic("w2", TopicConfig.builder(1).blockSizeBytes(BLOCK_BYTES).build());
        state = new LongKeyedState(1, symbols);
        final LongKeyedState st = state;
        pipeline = Pipeline.create(PipelineConfig.builder().threadingMode(ThreadingMode.DEDICATED).waitStrategy(wait)
            .build());
        pipeline.topicStream(log, LogSourceOptions.topic("w2").follow(true).decoder(DECODE))
            .map("runningSum", (in, out) ->
            {
                final int slot = st.getOrInsert(in.key());
                out.long0(st.addLong(slot, 0, in.long1()));
            })
            .foreach("latency", e -> sink.onTotal(e.sourceOffset(), e.long0(), e.long2()));
    }

    @Override
    public String name()
    {
        return "rill-via-log";
    }

    @Override
    public void start()
    {
        pipeline.start();
        final long startNs = System.nanoTime() + 20_000_000L;
        final Producer appender = log.topic("w2").producer();
        final ProducerBatch batch = appender.batch(0);
        producer = new Thread(() ->
        {
            final UnsafeBuffer key = new UnsafeBuffer(new byte[Long.BYTES]);
            final UnsafeBuffer value = new UnsafeBuffer(new byte[2 * Long.BYTES]);
            try
            {
                long i = 0;
                while (i < total && !stopped)
                {
                    long now;
                    boolean touched = !TOUCH_AHEAD;
                    while ((now = System.nanoTime()) < startNs + i * periodNsTimes1000 / 1000)
                    {
                        if (!touched)
                        {
                            // early for this event: take the next page's fault now, not in an append
                            touched = true;
                            appender.touchAhead(0);
                        }
                        Thread.onSpinWait();
                    }
                    // on time, a batch of one (what Producer.append writes); behind (the machine took the core),
                    // every event already due, up to MAX_DUE, in one batch, as rill produce commits what a pipe
                    // has: catching up then takes one append per batch instead of one per event
                    do
                    {
                        final long intended = startNs + i * periodNsTimes1000 / 1000;
                        final long r = ReferenceGenerator.draw(i);
                        key.putLong(0, Long.remainderUnsigned(r, symbols), ByteOrder.LITTLE_ENDIAN);
                        value.putLong(0, 1 + (int)((r >>> 40) & 255), ByteOrder.LITTLE_ENDIAN);
                        value.putLong(Long.BYTES, intended, ByteOrder.LITTLE_ENDIAN);
                        if (!batch.add(i * 1_000L, key, 0, Long.BYTES, value, 0, 2 * Long.BYTES))
                        {
                            batch.commit();
                            continue; // the same event again, into the emptied batch
                        }
                        i++;
                    }
                    while (i < total && batch.size() < MAX_DUE && startNs + i * periodNsTimes1000 / 1000 <= now);
                    if (batch.size() > 1)
                    {
                        catchUpBatches++; // single writer: this thread
                    }
                    batch.commit();
                }
            }
            catch (final RuntimeException | Error ex)
            {
                producerFailure = ex;
            }
        }, "w2-log-release");
        producer.start();
    }

    /** @return batches of more than one event appended so far (the release thread was behind). */
    long catchUpBatches()
    {
        return catchUpBatches;
    }

    @Override
    public LatencySink sink()
    {
        return sink;
    }

    @Override
    public Throwable failure()
    {
        return producerFailure;
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
            if (!pipeline.isTerminated())
            {
                pipeline.stop(false);
            }
            pipeline.close();
        }
        finally
        {
            state.close();
            log.close();
            PerfFiles.deleteRecursively(dir);
        }
    }
}
