package dev.rill.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several producer threads append to one topic while consumer threads read it: no record is lost or duplicated,
 * each producer's records keep their order within a partition, offsets are dense, and the offset an append returned
 * is the offset the record is read at.
 * <p>
 * 4 producers × 50,000 records by default; run longer with {@code -Drill.stress.records=N} (records per producer),
 * e.g. {@code mvn -pl log install -Drill.test.props=-Drill.stress.records=2000000 -Dtest=ConcurrencyStressTest}.
 */
class ConcurrencyStressTest extends LogTestBase
{
    private static final int PRODUCERS = 4;
    private static final int PARTITIONS = 3;
    private static final int VALUE_HEADER = 12;

    @TempDir
    Path dir;

    /** Where each producer's record i went: partition and offset, as the append returned them. */
    private int[][] partitionOf;
    private long[][] offsetOf;

    private static int payloadLength(final int producer, final long i)
    {
        return (int)((i * 7 + producer * 13) % 48);
    }

    private static byte payloadByte(final int producer, final long i, final int k)
    {
        return (byte)(producer * 31 + i + k);
    }

    @Test
    void concurrentProducersAndConsumersLoseNothingAndKeepOrder() throws Exception
    {
        final int records = Integer.getInteger("rill.stress.records", 50_000);
        partitionOf = new int[PRODUCERS][records];
        offsetOf = new long[PRODUCERS][records];
        try (RillLog log = RillLog.open(dir))
        {
            final Topic topic = log.createTopic("stress", TopicConfig.builder(PARTITIONS).build());
            final Producer producer = topic.producer();
            final CyclicBarrier start = new CyclicBarrier(PRODUCERS + 2);
            final AtomicReference<Throwable> failure = new AtomicReference<>();
            final List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < PRODUCERS; t++)
            {
                final int id = t;
                threads.add(new Thread(() -> run(failure, start, () -> produce(producer, id, records)),
                    "stress-producer-" + t));
            }
            // One consumer reads every partition, one reads partition 2 only; both while the producers write.
            final long expectedTotal = (long)PRODUCERS * records;
            final long[][] seenAll = newSeen(records);
            final long[][] seenTwo = newSeen(records);
            threads.add(new Thread(() -> run(failure, start, () -> consume(topic, failure, expectedTotal,
                ConsumerOptions.fromEarliest(), seenAll)), "stress-consumer-all"));
            threads.add(new Thread(() -> run(failure, start, () -> consume(topic, failure, -1,
                ConsumerOptions.fromEarliest().withPartitions(2), seenTwo)), "stress-consumer-p2"));
            final long startNs = System.nanoTime();
            threads.forEach(Thread::start);
            for (final Thread thread : threads)
            {
                thread.join(TimeUnit.MINUTES.toMillis(5));
                assertTrue(!thread.isAlive(), thread.getName() + " did not finish");
            }
            assertNull(failure.get(), () -> "failed: " + failure.get());
            System.out.println(PRODUCERS + " producers x " + records + " records, read concurrently by 2 consumers, in " +
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs) + " ms");
            checkSeen(seenAll, -1);
            checkSeen(seenTwo, 2);
            long total = 0;
            final long[] perPartition = new long[PARTITIONS];
            for (int t = 0; t < PRODUCERS; t++)
            {
                for (int i = 0; i < records; i++)
                {
                    perPartition[partitionOf[t][i]]++;
                }
            }
            for (int p = 0; p < PARTITIONS; p++)
            {
                assertEquals(perPartition[p], topic.nextOffset(p), "next offset of partition " + p);
                total += topic.nextOffset(p);
                assertTrue(perPartition[p] > records / 2, "records spread over partitions: " + perPartition[p]);
            }
            assertEquals(expectedTotal, total);
            // Read once more, after the fact, from a fresh consumer.
            final long[][] seenAfter = newSeen(records);
            consume(topic, failure, expectedTotal, ConsumerOptions.fromEarliest(), seenAfter);
            assertNull(failure.get(), () -> "failed: " + failure.get());
            checkSeen(seenAfter, -1);
        }
    }

    /**
     * @return per producer, per record: -1, to be set to (partition &lt;&lt; 48 | offset) where a consumer read it.
     */
    private static long[][] newSeen(final int records)
    {
        final long[][] seen = new long[PRODUCERS][records];
        for (final long[] row : seen)
        {
            java.util.Arrays.fill(row, -1);
        }
        return seen;
    }

    /**
     * Every record of the partitions read (all when {@code onlyPartition} is -1) was read exactly where its append
     * said it went; no other record was read.
     */
    private void checkSeen(final long[][] seen, final int onlyPartition)
    {
        for (int t = 0; t < PRODUCERS; t++)
        {
            for (int i = 0; i < seen[t].length; i++)
            {
                final boolean read = onlyPartition < 0 || partitionOf[t][i] == onlyPartition;
                final long expected = read ? ((long)partitionOf[t][i] << 48) | offsetOf[t][i] : -1;
                if (seen[t][i] != expected)
                {
                    throw new AssertionError("producer " + t + " record " + i + ": appended at partition " +
                        partitionOf[t][i] + " offset " + offsetOf[t][i] + ", read at " + (seen[t][i] < 0 ? "none" :
                        "partition " + (seen[t][i] >>> 48) + " offset " + (seen[t][i] & 0xFFFF_FFFF_FFFFL)));
                }
            }
        }
    }

    private static void run(final AtomicReference<Throwable> failure, final CyclicBarrier start, final Runnable body)
    {
        try
        {
            start.await(1, TimeUnit.MINUTES);
            body.run();
        }
        catch (final Throwable t)
        {
            failure.compareAndSet(null, t);
        }
    }

    /**
     * Producers 0 and 1 pick the partition themselves and append from DirectBuffers, 0 record by record, 1 in record
     * batches of 1 to 23 records per partition; 2 and 3 send keyed byte arrays and let murmur2 pick.
     */
    private void produce(final Producer producer, final int id, final int records)
    {
        final ProducerBatch[] batches = new ProducerBatch[PARTITIONS];
        final int[][] pending = new int[PARTITIONS][23];
        for (int p = 0; p < PARTITIONS; p++)
        {
            batches[p] = producer.batch(p);
        }
        final UnsafeBuffer key = new UnsafeBuffer(new byte[8]);
        final UnsafeBuffer value = new UnsafeBuffer(new byte[VALUE_HEADER + 64]);
        for (int i = 0; i < records; i++)
        {
            value.putInt(0, id);
            value.putLong(4, i);
            final int length = payloadLength(id, i);
            for (int k = 0; k < length; k++)
            {
                value.putByte(VALUE_HEADER + k, payloadByte(id, i, k));
            }
            if (id == 0)
            {
                final int partition = (i * 7 + id) % PARTITIONS;
                key.putLong(0, i);
                offsetOf[id][i] = producer.append(partition, i, key, 0, 8, value, 0, VALUE_HEADER + length);
                partitionOf[id][i] = partition;
            }
            else if (id == 1)
            {
                final int partition = (i * 7 + id) % PARTITIONS;
                key.putLong(0, i);
                final ProducerBatch batch = batches[partition];
                pending[partition][batch.size()] = i;
                assertTrue(batch.add(i, key, 0, 8, value, 0, VALUE_HEADER + length));
                partitionOf[id][i] = partition;
                if (batch.size() >= 1 + (i * 31 + partition) % 23)
                {
                    commit(batch, pending[partition], offsetOf[id]);
                }
            }
            else
            {
                final byte[] keyBytes = ("k" + id + "-" + i).getBytes(java.nio.charset.StandardCharsets.UTF_8);
                final byte[] valueBytes = new byte[VALUE_HEADER + length];
                value.getBytes(0, valueBytes);
                final AppendResult where = producer.send(keyBytes, valueBytes);
                assertEquals(Murmur2Partitioner.partition(keyBytes, PARTITIONS), where.partition());
                offsetOf[id][i] = where.offset();
                partitionOf[id][i] = where.partition();
            }
        }
        for (int p = 0; p < PARTITIONS; p++)
        {
            if (batches[p].size() > 0)
            {
                commit(batches[p], pending[p], offsetOf[id]);
            }
        }
    }

    private static void commit(final ProducerBatch batch, final int[] pending, final long[] offsets)
    {
        final int n = batch.size();
        final long base = batch.commit();
        for (int k = 0; k < n; k++)
        {
            offsets[pending[k]] = base + k;
        }
    }

    /**
     * Read until {@code expected} records were seen (or, with -1, until the producers are done and the end is
     * reached), checking each record, and note in {@code seenAt} where each was read.
     */
    private void consume(final Topic topic, final AtomicReference<Throwable> failure, final long expected,
        final ConsumerOptions options, final long[][] seenAt)
    {
        final long[] nextOffset = new long[PARTITIONS];
        final long[][] lastIndex = new long[PRODUCERS][PARTITIONS];
        for (final long[] row : lastIndex)
        {
            java.util.Arrays.fill(row, -1);
        }
        final long[] seen = {0};
        final RecordHandler check = r ->
        {
            final int p = r.partition();
            final long offset = r.offset();
            if (offset != nextOffset[p])
            {
                throw new AssertionError("partition " + p + ": offset " + offset + " after " + (nextOffset[p] - 1));
            }
            nextOffset[p]++;
            final int v = r.valueOffset();
            final int producer = r.buffer().getInt(v);
            final long i = r.buffer().getLong(v + 4);
            if (producer < 0 || producer >= PRODUCERS || i < 0 || i >= offsetOf[producer].length)
            {
                throw new AssertionError("partition " + p + " offset " + offset + ": bad value header " + producer +
                    "/" + i);
            }
            if (i <= lastIndex[producer][p])
            {
                throw new AssertionError("partition " + p + " offset " + offset + ": producer " + producer +
                    " record " + i + " after its record " + lastIndex[producer][p]);
            }
            lastIndex[producer][p] = i;
            if (seenAt[producer][(int)i] != -1)
            {
                throw new AssertionError("partition " + p + " offset " + offset + ": producer " + producer +
                    " record " + i + " read twice");
            }
            seenAt[producer][(int)i] = ((long)p << 48) | offset;
            final int length = payloadLength(producer, i);
            if (r.valueLength() != VALUE_HEADER + length)
            {
                throw new AssertionError("partition " + p + " offset " + offset + ": value length " + r.valueLength());
            }
            for (int k = 0; k < length; k++)
            {
                if (r.buffer().getByte(v + VALUE_HEADER + k) != payloadByte(producer, i, k))
                {
                    throw new AssertionError("partition " + p + " offset " + offset + ": payload byte " + k);
                }
            }
            seen[0]++;
        };
        final long deadlineNs = System.nanoTime() + TimeUnit.MINUTES.toNanos(4);
        try (Consumer consumer = topic.consumer(options))
        {
            while (failure.get() == null && System.nanoTime() < deadlineNs)
            {
                final int n = consumer.poll(check, 256);
                if (n == 0)
                {
                    if (expected >= 0 ? seen[0] >= expected : producersDone(topic) && consumer.isAtEnd())
                    {
                        break;
                    }
                    Thread.yield();
                }
            }
        }
        if (expected >= 0 && seen[0] != expected)
        {
            throw new AssertionError("read " + seen[0] + " records, expected " + expected);
        }
    }

    private boolean producersDone(final Topic topic)
    {
        long total = 0;
        for (int p = 0; p < PARTITIONS; p++)
        {
            total += topic.nextOffset(p);
        }
        return total == (long)PRODUCERS * offsetOf[0].length;
    }
}
