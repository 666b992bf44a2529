package dev.rill.perf.w1;

import java.nio.ByteOrder;
import java.nio.file.*;
import com.lmax.disruptor.RingBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import dev.rill.engine.*;
import dev.rill.engine.workloads.*;
import dev.rill.log.*;

/** The log source's read into ring slots by hand, one thread: ns/record for variants (no engine). */
public final class DecodeSlots
{
    static final int SIZE = Integer.getInteger("ring", 16384);

    public static void main(String[] a) throws Exception
    {
        final long n = 20_000_000L;
        final Path dir = Files.createTempDirectory("decodeslots");
        try (RillLog log = RillLog.open(dir))
        {
            final Topic t = log.createTopic("w1", TopicConfig.builder(1).build());
            W1Pipeline.writeTopic(W1Pipeline.config(ThreadingMode.DEDICATED, WaitStrategy.YIELDING).build(), log, "w1", n, 10_000);
            final RingBuffer<Event> ring = RingBuffer.createSingleProducer(Event::new, SIZE);
            final long[] seq = new long[1];
            final long[] sum = new long[1];
            final RecordHandler trivial = r -> sum[0] += r.offset();
            final RecordHandler decode = r ->
            {
                final Event slot = ring.get(seq[0]++);
                slot.clear("w1", r.partition(), r.offset()).eventTimeNs(r.timestampNs());
                W1Pipeline.DECODE.decode(r, slot);
            };
            final RecordHandler decodeNotional = r ->
            {
                final Event slot = ring.get(seq[0]++);
                slot.clear("w1", r.partition(), r.offset()).eventTimeNs(r.timestampNs());
                W1Pipeline.DECODE.decode(r, slot);
                slot.long0(slot.long0() * slot.long1());
            };
            final RecordHandler fieldsOnly = r ->
            {
                final Event slot = ring.get(seq[0]++);
                final org.agrona.DirectBuffer b = r.buffer();
                slot.key(b.getLong(r.keyOffset(), ByteOrder.LITTLE_ENDIAN)).long0(b.getLong(r.valueOffset(), ByteOrder.LITTLE_ENDIAN))
                    .long1(b.getLong(r.valueOffset() + 8, ByteOrder.LITTLE_ENDIAN)).eventTimeNs(r.timestampNs());
            };
            final RecordHandler rawAddr = r ->
            {
                final Event slot = ring.get(seq[0]++);
                final long addr = r.buffer().addressOffset();
                final int v = r.valueOffset();
                slot.key(org.agrona.UnsafeApi.getLong(addr + r.keyOffset())).long0(org.agrona.UnsafeApi.getLong(addr + v))
                    .long1(org.agrona.UnsafeApi.getLong(addr + v + 8)).eventTimeNs(r.timestampNs());
            };
            final RecordHandler noReads = r ->
            {
                final Event slot = ring.get(seq[0]++);
                final long o = r.offset();
                slot.key(o).long0(o).long1(o).eventTimeNs(r.timestampNs());
            };
            final RecordHandler readsOnly = r ->
            {
                final org.agrona.DirectBuffer b = r.buffer();
                sum[0] += b.getLong(r.keyOffset(), ByteOrder.LITTLE_ENDIAN) + b.getLong(r.valueOffset(), ByteOrder.LITTLE_ENDIAN)
                    + b.getLong(r.valueOffset() + 8, ByteOrder.LITTLE_ENDIAN) + r.timestampNs();
            };
            final String[] names = {"trivial", "fieldsOnly", "rawAddr", "noReads", "readsOnly"};
            final RecordHandler[] hs = {trivial, fieldsOnly, rawAddr, noReads, readsOnly};
            for (int round = 0; round < 5; round++)
            {
                final StringBuilder sb = new StringBuilder("round " + round + ":");
                for (int h = 0; h < hs.length; h++)
                {
                    final long t0 = System.nanoTime();
                    try (Consumer c = t.consumer(ConsumerOptions.fromEarliest()))
                    {
                        while (c.poll(hs[h], 256) > 0) { }
                    }
                    sb.append(String.format("  %s %.2f", names[h], (System.nanoTime() - t0) / (double)n));
                }
                System.out.println(sb + " " + sum[0]);
            }
        }
    }
}
