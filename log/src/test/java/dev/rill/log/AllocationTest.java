package dev.rill.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hot paths allocate nothing per record: {@link Consumer#poll} and {@link Producer#append} with
 * {@code DirectBuffer}s. Measured with the thread's allocation counter (deterministic, unlike timing): the bytes
 * allocated for 100,000 records must stay within a small constant of those for 10 records. JMH's GC profiler in
 * the perf module measures the same with more precision.
 */
class AllocationTest extends LogTestBase
{
    private static final int FEW = 10;
    private static final int MANY = 100_000;
    /** Slack for one-off allocations (a lazily created object, a JIT deoptimisation): far below 1 byte per record. */
    private static final long BOUND_BYTES = 64 * 1024;

    @TempDir
    Path dir;

    private static com.sun.management.ThreadMXBean threads()
    {
        final java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "no per-thread allocation counter");
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)bean;
        assumeTrue(threads.isThreadAllocatedMemorySupported());
        threads.setThreadAllocatedMemoryEnabled(true);
        return threads;
    }

    /** Sums what it sees so the JIT cannot drop the reads; allocates nothing. */
    private static final class Summer implements RecordHandler
    {
        long count;
        long sum;

        @Override
        public void onRecord(final RecordView record)
        {
            count++;
            sum += record.offset() + record.timestampNs() + record.keyLength() + record.valueLength() +
                record.buffer().getByte(record.valueOffset());
        }
    }

    @Test
    void appendAndPollAllocateNothingPerRecord()
    {
        final com.sun.management.ThreadMXBean threads = threads();
        final long self = Thread.currentThread().getId();
        // A fixed clock: no roll cycle during the test (a new cycle allocates, once per cycle).
        final ManualClock clock = new ManualClock(1_700_000_000_000_000_000L);
        try (RillLog log = RillLog.open(dir, clock))
        {
            final Topic topic = log.createTopic("alloc", TopicConfig.builder(1).build());
            final Producer producer = topic.producer();
            final UnsafeBuffer key = new UnsafeBuffer(new byte[16]);
            final UnsafeBuffer value = new UnsafeBuffer(new byte[100]);
            long o = 0;
            // Warm up: JIT, Chronicle's lazily created state, index pages.
            for (int i = 0; i < 3 * MANY; i++, o++)
            {
                value.putLong(0, o);
                producer.append(0, o, key, 0, 8, value, 0, 100);
            }
            final long[] appendBytes = new long[2];
            for (int run = 0; run < 2; run++)
            {
                final int n = run == 0 ? FEW : MANY;
                final long before = threads.getThreadAllocatedBytes(self);
                for (int i = 0; i < n; i++, o++)
                {
                    value.putLong(0, o);
                    producer.append(0, o, key, 0, 8, value, 0, 100);
                }
                appendBytes[run] = threads.getThreadAllocatedBytes(self) - before;
            }
            assertEquals(o, topic.nextOffset(0));

            final Summer summer = new Summer();
            final long[] pollBytes = new long[2];
            try (Consumer consumer = topic.consumer(ConsumerOptions.fromEarliest()))
            {
                while (summer.count < 3 * MANY)
                {
                    consumer.poll(summer, 3 * MANY - (int)summer.count);
                }
                for (int run = 0; run < 2; run++)
                {
                    final int n = run == 0 ? FEW : MANY;
                    final long target = summer.count + n;
                    final long before = threads.getThreadAllocatedBytes(self);
                    while (summer.count < target)
                    {
                        consumer.poll(summer, (int)(target - summer.count));
                    }
                    pollBytes[run] = threads.getThreadAllocatedBytes(self) - before;
                }
            }
            System.out.println("allocated: append " + appendBytes[0] + " B for " + FEW + " records, " +
                appendBytes[1] + " B for " + MANY + "; poll " + pollBytes[0] + " B for " + FEW + ", " + pollBytes[1] +
                " B for " + MANY + " (sum " + summer.sum + ")");
            assertTrue(appendBytes[1] - appendBytes[0] < BOUND_BYTES,
                "append allocated " + appendBytes[1] + " B for " + MANY + " records");
            assertTrue(pollBytes[1] - pollBytes[0] < BOUND_BYTES,
                "poll allocated " + pollBytes[1] + " B for " + MANY + " records");
        }
    }

    /**
     * The same for record batches: {@link ProducerBatch#add}/{@link ProducerBatch#commit()} every 64 records, and
     * polls of 7 records, so most polls end inside a batch and the next resumes it.
     */
    @Test
    void batchedAppendAndPartialPollsAllocateNothingPerRecord()
    {
        final com.sun.management.ThreadMXBean threads = threads();
        final long self = Thread.currentThread().getId();
        final ManualClock clock = new ManualClock(1_700_000_000_000_000_000L);
        try (RillLog log = RillLog.open(dir, clock))
        {
            final Topic topic = log.createTopic("batches", TopicConfig.builder(1).build());
            final ProducerBatch batch = topic.producer().batch(0);
            final UnsafeBuffer key = new UnsafeBuffer(new byte[16]);
            final UnsafeBuffer value = new UnsafeBuffer(new byte[100]);
            final long[] appendBytes = new long[3];
            long o = 0;
            for (int run = 0; run < 3; run++)
            {
                // run 0 warms up (JIT, Chronicle's lazily created state, index pages)
                final int n = run == 1 ? FEW * 64 : run == 2 ? MANY : 3 * MANY;
                final long before = threads.getThreadAllocatedBytes(self);
                for (int i = 0; i < n; i++, o++)
                {
                    value.putLong(0, o);
                    batch.add(o, key, 0, 8, value, 0, 100);
                    if (batch.size() == 64)
                    {
                        batch.commit();
                    }
                }
                batch.commit();
                appendBytes[run] = threads.getThreadAllocatedBytes(self) - before;
            }
            assertEquals(o, topic.nextOffset(0));

            final Summer summer = new Summer();
            final long[] pollBytes = new long[3];
            try (Consumer consumer = topic.consumer(ConsumerOptions.fromEarliest()))
            {
                for (int run = 0; run < 3; run++)
                {
                    final int n = run == 1 ? FEW * 7 : run == 2 ? MANY : 3 * MANY;
                    final long target = summer.count + n;
                    final long before = threads.getThreadAllocatedBytes(self);
                    while (summer.count < target)
                    {
                        consumer.poll(summer, (int)Math.min(7, target - summer.count));
                    }
                    pollBytes[run] = threads.getThreadAllocatedBytes(self) - before;
                }
            }
            System.out.println("allocated, batches: append " + appendBytes[1] + " B for " + FEW * 64 + " records, " +
                appendBytes[2] + " B for " + MANY + "; poll " + pollBytes[1] + " B for " + FEW * 7 + ", " +
                pollBytes[2] + " B for " + MANY + " (sum " + summer.sum + ")");
            assertTrue(appendBytes[2] - appendBytes[1] < BOUND_BYTES,
                "batched append allocated " + appendBytes[2] + " B for " + MANY + " records");
            assertTrue(pollBytes[2] - pollBytes[1] < BOUND_BYTES,
                "partial polls allocated " + pollBytes[2] + " B for " + MANY + " records");
        }
    }
}
