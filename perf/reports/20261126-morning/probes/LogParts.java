package dev.rill.perf.w1;

import java.nio.ByteOrder;
import java.nio.file.*;
import org.agrona.DirectBuffer;
import com.lmax.disruptor.RingBuffer;
import dev.rill.engine.*;
import dev.rill.engine.internal.*;
import dev.rill.engine.workloads.*;
import dev.rill.log.*;

/** One thread, no consumer (ring without gating): ns per record of reading W1's topic into ring slots, three ways. */
public final class LogParts
{
    static final int CLAIM = 64;

    public static void main(String[] a) throws Exception
    {
        final long n = 20_000_000L;
        final Path dir = Files.createTempDirectory("logparts");
        try (RillLog log = RillLog.open(dir))
        {
            log.createTopic("w1", TopicConfig.builder(1).build());
            W1Pipeline.writeTopic(W1Pipeline.config(ThreadingMode.DEDICATED, WaitStrategy.YIELDING).build(), log, "w1", n, 10_000);
            final Topic topic = log.topic("w1");
            for (String v : a[0].split(","))
            {
                final StringBuilder sb = new StringBuilder(v + ":");
                for (int r = 0; r < Integer.parseInt(a[1]); r++)
                {
                    final RingBuffer<Event> ring = RingBuffer.createSingleProducer(Event::new, 1 << 14);
                    final long t0 = System.nanoTime();
                    final long[] count = new long[1];
                    final Thread t = new Thread(() -> {
                        try { count[0] = run(v, ring, topic, log); } catch (Exception e) { throw new RuntimeException(e); }
                    });
                    t.start(); t.join();
                    sb.append(String.format(" %.2f", (System.nanoTime() - t0) / (double)n));
                    if (count[0] != n) sb.append("(count " + count[0] + ")");
                }
                System.out.println(sb);
            }
        }
    }

    static long run(String v, RingBuffer<Event> ring, Topic topic, RillLog log)
    {
        if (v.startsWith("hand"))
        {
            long total = 0;
            final ConsumerOptions options = v.equals("handnocrc") ? ConsumerOptions.fromEarliest().withoutChecksumVerification() :
                ConsumerOptions.fromEarliest();
            try (Consumer consumer = topic.consumer(options))
            {
                final long[] seq = new long[1];
                final Event event = new Event();
                final RecordHandler h = record -> {
                    final DirectBuffer buffer = record.buffer();
                    final int value = record.valueOffset();
                    event.clear().key(buffer.getLong(record.keyOffset(), ByteOrder.LITTLE_ENDIAN))
                        .long0(buffer.getLong(value, ByteOrder.LITTLE_ENDIAN))
                        .long1(buffer.getLong(value + Long.BYTES, ByteOrder.LITTLE_ENDIAN))
                        .eventTimeNs(record.timestampNs());
                    final Event slot = ring.get(seq[0]++).copyFrom(event);
                    slot.long0(slot.long0() * slot.long1());
                };
                while (!consumer.isAtEnd())
                {
                    final long hi = ring.next(CLAIM);
                    seq[0] = hi - CLAIM + 1;
                    final int read = consumer.poll(h, CLAIM);
                    total += read;
                    ring.publish(hi - CLAIM + 1, hi);
                }
            }
            return total;
        }
        final LogSource source = new LogSource("w1", log, LogSourceOptions.topic("w1").decoder(W1Pipeline.DECODE));
        source.open();
        source.onStart();
        long total = 0;
        if (v.equals("src"))
        {
            final long[] seq = {0, -1};
            final EventSink direct = new EventSink() {
                public void onEvent(Event e) {
                    if (seq[0] > seq[1]) { seq[1] = ring.next(CLAIM); seq[0] = seq[1] - CLAIM + 1; }
                    final Event slot = ring.get(seq[0]++).copyFrom(e);
                    slot.long0(slot.long0() * slot.long1());
                }
                public void onWatermark(long w) {}
                public void onBatchEnd(long b) {}
                public void onEndOfStream() {}
            };
            while (!source.isExhausted())
            {
                total += source.poll(direct, 256);
                ring.publish(seq[0] - 1);
            }
            source.close();
            return total;
        }
        final RingWriter writer = new RingWriter(ring, "r", new PipelineRuntime(1), 1024, "notional", 0, true);
        final OutputMeter meter = new OutputMeter(writer, new StageMeter());
        final MapNode map = new MapNode("notional", (in, out) -> out.long0(in.long0() * in.long1()), meter);
        final EventSink input = new EventSink() {
            public void onEvent(Event e) { writer.beginInput(); map.onEvent(e); }
            public void onWatermark(long w) {}
            public void onBatchEnd(long b) {}
            public void onEndOfStream() {}
        };
        while (!source.isExhausted())
        {
            total += source.poll(input, Math.min(256, writer.inputsAvailable(1)));
            writer.flush();
        }
        source.close();
        return total;
    }
}
