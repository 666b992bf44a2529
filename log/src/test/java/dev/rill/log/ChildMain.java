package dev.rill.log;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.queue.impl.single.TableStoreWriteLock;
import net.openhft.chronicle.threads.BusyTimedPauser;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.concurrent.UnsafeBuffer;

import dev.rill.log.internal.RollCycleNames;

/**
 * Main class of the child JVMs the crash and multi-process tests start and kill. The first argument is the mode:
 * <ul>
 *   <li>{@code append DIR TOPIC...}: append {@link TestRecords} to every partition of the topics, round robin,
 *   forever; print {@code appended TOTAL} with the next offset of each partition every few rounds.</li>
 *   <li>{@code half-write DIR TOPIC PARTITION}: with raw Chronicle, open a document in the partition's queue,
 *   write part of a record into it, print {@code in-document} and wait to be killed inside it.</li>
 *   <li>{@code commit DIR TOPIC GROUP COUNT}: consume COUNT records with the group (checking their content),
 *   commit, print {@code committed COUNT} and the position of each partition, then wait to be killed.</li>
 *   <li>{@code create-topic DIR TOPIC PARTITIONS}: wait for a line on stdin, create the topic, print
 *   {@code created} or {@code exists}.</li>
 *   <li>{@code hold-writer DIR TOPIC}: take the topic's producer, append one record, print {@code writing}, wait.</li>
 *   <li>{@code hold-chronicle-lock DIR TOPIC PARTITION}: take Chronicle's write lock of the partition's queue (it
 *   records this PID), print {@code locked}, wait: a live process whose PID is in the lock, as when a dead
 *   writer's PID was reused.</li>
 * </ul>
 * Any unexpected state prints {@code error ...} and exits with 3.
 */
public final class ChildMain
{
    private static final PrintStream OUT = new PrintStream(System.out, false, StandardCharsets.UTF_8);

    private ChildMain()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        try
        {
            switch (args[0])
            {
                case "append":
                    append(Path.of(args[1]), Arrays.copyOfRange(args, 2, args.length));
                    break;
                case "half-write":
                    halfWrite(Path.of(args[1]), args[2], Integer.parseInt(args[3]));
                    break;
                case "commit":
                    commit(Path.of(args[1]), args[2], args[3], Integer.parseInt(args[4]));
                    break;
                case "create-topic":
                    createTopic(Path.of(args[1]), args[2], Integer.parseInt(args[3]));
                    break;
                case "hold-writer":
                    holdWriter(Path.of(args[1]), args[2]);
                    break;
                case "hold-chronicle-lock":
                    holdChronicleLock(Path.of(args[1]), args[2], Integer.parseInt(args[3]));
                    break;
                default:
                    fail("unknown mode " + args[0]);
            }
        }
        catch (final Throwable t)
        {
            t.printStackTrace();
            fail(t.toString().replace('\n', ' '));
        }
    }

    private static void fail(final String message)
    {
        OUT.println("error " + message);
        OUT.flush();
        System.exit(3);
    }

    private static void append(final Path dir, final String[] topicNames)
    {
        final RillLog log = RillLog.open(dir);
        int streams = 0;
        final Topic[] topics = new Topic[topicNames.length];
        for (int t = 0; t < topics.length; t++)
        {
            topics[t] = log.topic(topicNames[t]);
            streams += topics[t].partitionCount();
        }
        final Producer[] producers = new Producer[streams];
        final int[] partitions = new int[streams];
        final boolean[] arrays = new boolean[streams];
        final long[] next = new long[streams];
        final ProducerBatch[] batches = new ProducerBatch[streams];
        int s = 0;
        for (int t = 0; t < topics.length; t++)
        {
            final Producer producer = topics[t].producer();
            for (int p = 0; p < topics[t].partitionCount(); p++)
            {
                producers[s] = producer;
                partitions[s] = p;
                arrays[s] = t % 2 == 0;
                next[s] = topics[t].nextOffset(p);
                batches[s] = producer.batch(p);
                s++;
            }
        }
        final UnsafeBuffer key = new UnsafeBuffer(new byte[TestRecords.MAX_KEY]);
        final UnsafeBuffer value = new UnsafeBuffer(new byte[TestRecords.MAX_VALUE]);
        final StringBuilder line = new StringBuilder();
        long total = 0;
        for (long round = 1; ; round++)
        {
            for (int i = 0; i < streams; i++)
            {
                final int p = partitions[i];
                final long expected = next[i];
                final long offset;
                int appended = 1;
                if (arrays[i])
                {
                    offset = producers[i].append(p, TestRecords.timestampNs(p, expected),
                        TestRecords.key(p, expected), TestRecords.value(p, expected));
                }
                else if ((round & 1) == 0)
                {
                    final int keyLength = TestRecords.fillKey(key, p, expected);
                    final int valueLength = TestRecords.fillValue(value, p, expected);
                    offset = producers[i].append(p, TestRecords.timestampNs(p, expected),
                        key, 0, keyLength, value, 0, valueLength);
                }
                else
                {
                    // A batch of 1..17 records: a kill leaves all of it or none.
                    appended = (int)(round % 17) + 1;
                    for (int k = 0; k < appended; k++)
                    {
                        final int keyLength = TestRecords.fillKey(key, p, expected + k);
                        final int valueLength = TestRecords.fillValue(value, p, expected + k);
                        if (!batches[i].add(TestRecords.timestampNs(p, expected + k), key, 0, keyLength, value, 0,
                            valueLength))
                        {
                            fail("stream " + i + ": batch full after " + k + " records");
                        }
                    }
                    offset = batches[i].commit();
                }
                if (offset != expected)
                {
                    fail("stream " + i + " got offset " + offset + ", expected " + expected);
                }
                next[i] = expected + appended;
                total += appended - 1;
                total++;
            }
            if ((round & 63) == 0)
            {
                line.setLength(0);
                line.append("appended ").append(total);
                for (int i = 0; i < streams; i++)
                {
                    line.append(' ').append(next[i]);
                }
                OUT.println(line);
                OUT.flush();
            }
        }
    }

    private static void halfWrite(final Path dir, final String topicName, final int partition) throws Exception
    {
        final Path topicDir = dir.resolve("topics").resolve(topicName);
        final TopicConfig config = TopicConfig.readFrom(topicName, topicDir);
        try (SingleChronicleQueue queue = SingleChronicleQueueBuilder.binary(Topic.partitionDir(topicDir, partition))
            .rollCycle(RollCycleNames.byName(config.rollCycle()))
            .blockSize(config.blockSizeBytes())
            .build();
            ExcerptAppender appender = queue.createAppender())
        {
            final DocumentContext dc = appender.writingDocument();
            final Bytes<?> bytes = dc.wire().bytes();
            // A plausible half record: header fields of the next offset, then nothing.
            bytes.writeInt(0);
            bytes.writeInt(0);
            bytes.writeLong(Long.MAX_VALUE);
            OUT.println("in-document");
            OUT.flush();
            TimeUnit.MINUTES.sleep(10);
            fail("not killed");
        }
    }

    private static void commit(final Path dir, final String topicName, final String group, final int count)
        throws InterruptedException
    {
        final RillLog log = RillLog.open(dir);
        final Topic topic = log.topic(topicName);
        final Consumer consumer = topic.consumer(ConsumerOptions.fromEarliest().withGroup(group));
        final long[] expected = new long[topic.partitionCount()];
        for (int p = 0; p < expected.length; p++)
        {
            expected[p] = consumer.position(p);
        }
        int read = 0;
        while (read < count)
        {
            final int n = consumer.poll(r ->
            {
                final String problem = TestRecords.check(r, r.partition(), expected[r.partition()]++);
                if (problem != null)
                {
                    fail("partition " + r.partition() + " offset " + r.offset() + ": " + problem);
                }
            }, count - read);
            if (n == 0)
            {
                fail("topic ended after " + read + " records");
            }
            read += n;
        }
        consumer.commit();
        final StringBuilder line = new StringBuilder("committed ").append(read);
        for (final int p : consumer.partitions())
        {
            line.append(' ').append(consumer.position(p));
        }
        OUT.println(line);
        OUT.flush();
        TimeUnit.MINUTES.sleep(10);
        fail("not killed");
    }

    private static void createTopic(final Path dir, final String topicName, final int partitions) throws Exception
    {
        try (RillLog log = RillLog.open(dir))
        {
            OUT.println("ready");
            OUT.flush();
            if (System.in.read() < 0)
            {
                fail("stdin closed");
            }
            try
            {
                log.createTopic(topicName, TopicConfig.builder(partitions).build());
                OUT.println("created");
            }
            catch (final TopicExistsException ex)
            {
                OUT.println("exists " + ex.getMessage());
            }
            OUT.flush();
        }
    }

    private static void holdChronicleLock(final Path dir, final String topicName, final int partition)
        throws Exception
    {
        final Path topicDir = dir.resolve("topics").resolve(topicName);
        final TopicConfig config = TopicConfig.readFrom(topicName, topicDir);
        try (SingleChronicleQueue queue = SingleChronicleQueueBuilder.binary(Topic.partitionDir(topicDir, partition))
            .rollCycle(RollCycleNames.byName(config.rollCycle()))
            .blockSize(config.blockSizeBytes())
            .build();
            TableStoreWriteLock lock = new TableStoreWriteLock(queue.metaStore(), BusyTimedPauser::new, 1_000L))
        {
            lock.lock();
            OUT.println("locked");
            OUT.flush();
            TimeUnit.MINUTES.sleep(10);
            fail("not killed");
        }
    }

    private static void holdWriter(final Path dir, final String topicName) throws InterruptedException
    {
        final RillLog log = RillLog.open(dir);
        final Topic topic = log.topic(topicName);
        final long offset = topic.producer().append(0, TestRecords.timestampNs(0, topic.nextOffset(0)),
            TestRecords.key(0, topic.nextOffset(0)), TestRecords.value(0, topic.nextOffset(0)));
        OUT.println("writing " + offset);
        OUT.flush();
        TimeUnit.MINUTES.sleep(10);
        fail("not killed");
    }
}
