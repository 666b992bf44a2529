package dev.rill.log;

import java.nio.file.*;
import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;

/** RecordView.nextRecord alone over one in-memory batch of B records: ns per record. */
public final class ParseCost
{
    static long sum;

    public static void main(String[] a) throws Exception
    {
        final int b = Integer.parseInt(a[0]);
        final long stepNs = Long.parseLong(a[1]);
        final Path dir = Files.createTempDirectory("parse");
        final UnsafeBuffer copy = new UnsafeBuffer(BufferUtil.allocateDirectAligned(1 << 20, 64));
        final int[] len = {0};
        try (RillLog log = RillLog.open(dir))
        {
            final Topic t = log.createTopic("t", TopicConfig.builder(1).build());
            final ProducerBatch batch = t.producer().batch(0, 1 << 18);
            final UnsafeBuffer k = new UnsafeBuffer(new byte[8]), v = new UnsafeBuffer(new byte[16]);
            for (int i = 0; i < b; i++)
            {
                k.putLong(0, i % 10_000); v.putLong(0, i); v.putLong(8, i);
                batch.add(stepNs * i, k, 0, 8, v, 0, 16);
            }
            batch.commit();
            try (Consumer c = t.consumer(ConsumerOptions.fromEarliest()))
            {
                c.poll(r -> { if (len[0] == 0) { len[0] = r.batchLength(); copy.putBytes(0, r.buffer(), 0, r.batchLength()); } }, b);
            }
        }
        final RecordView view = new RecordView();
        final RecordHandler h = r -> sum += r.buffer().getLong(r.keyOffset());
        for (int round = 0; round < 5; round++)
        {
            final int reps = 20_000_000 / b;
            long t0 = System.nanoTime();
            for (int r = 0; r < reps; r++)
            {
                view.wrapBatch("t", 0, copy.addressOffset(), len[0]);
                while (view.nextRecord()) sum += view.keyOffset() + view.timestampNs();
            }
            final double plain = (System.nanoTime() - t0) / (double)(reps * (long)b);
            t0 = System.nanoTime();
            for (int r = 0; r < reps; r++)
            {
                view.wrapBatch("t", 0, copy.addressOffset(), len[0]);
                while (view.nextRecord()) h.onRecord(view);
            }
            final double handler = (System.nanoTime() - t0) / (double)(reps * (long)b);
            t0 = System.nanoTime();
            long cursor = 0, ts = 0;
            for (int r = 0; r < reps; r++)
            {
                view.wrapBatch("t", 0, copy.addressOffset(), len[0]);
                int delivered = 0;
                while (delivered < 100_000) { if (!view.nextRecord()) break; h.onRecord(view); delivered++; cursor = view.cursor(); ts = view.timestampNs(); }
            }
            final double loop = (System.nanoTime() - t0) / (double)(reps * (long)b);
            System.out.printf("B=%d step=%d: parse %.2f, +handler %.2f, pollPartition-like %.2f ns/record %d%n", b, stepNs, plain, handler, loop, (sum + cursor + ts) & 1);
        }
    }
}
