package dev.rill.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The order in which {@link Consumer#poll} interleaves partitions depends only on the records there are, not on how
 * many each poll asks for, and a consumer resumed from another's positions and turn continues in its order: what a
 * pipeline restored from a checkpoint needs to regenerate its output record for record.
 */
class PollOrderTest extends LogTestBase
{
    private static final int PARTITIONS = 3;

    @TempDir
    Path dir;

    /** partition * 1,000,000 + offset of each record handed over, in order. */
    private static List<Long> drain(final Consumer consumer, final SplittableRandom random, final int limit)
    {
        final List<Long> order = new ArrayList<>();
        while (order.size() < limit)
        {
            final int max = Math.min(limit - order.size(), 1 + random.nextInt(700));
            if (consumer.poll(r -> order.add(r.partition() * 1_000_000L + r.offset()), max) == 0)
            {
                break;
            }
        }
        return order;
    }

    /** Names the first difference (partition * 1,000,000 + offset) instead of printing both lists. */
    private static void assertSameOrder(final List<Long> expected, final List<Long> actual, final String what)
    {
        for (int i = 0; i < Math.min(expected.size(), actual.size()); i++)
        {
            assertEquals(expected.get(i), actual.get(i), what + ": record " + i + " differs");
        }
        assertEquals(expected.size(), actual.size(), what + ": record count");
    }

    @Test
    void theInterleavingDoesNotDependOnPollSizesAndResumesFromATurn()
    {
        try (RillLog log = RillLog.open(dir))
        {
            final Topic topic = log.createTopic("t", TopicConfig.builder(PARTITIONS).build());
            // Partitions of different lengths, so that turns end early as partitions run dry.
            for (int p = 0; p < PARTITIONS; p++)
            {
                for (long o = 0; o < 1_000 + 617L * p; o++)
                {
                    topic.producer().append(p, o, TestRecords.key(p, o), TestRecords.value(p, o));
                }
            }
            final List<Long> reference;
            try (Consumer consumer = topic.consumer(ConsumerOptions.fromEarliest()))
            {
                reference = drain(consumer, new SplittableRandom(1), Integer.MAX_VALUE);
            }
            assertEquals(3 * 1_000 + 617 * 3, reference.size());
            for (int seed = 2; seed < 12; seed++)
            {
                final SplittableRandom random = new SplittableRandom(seed);
                final int cut = random.nextInt(reference.size());
                final long[] positions = new long[PARTITIONS];
                final int turnPartition;
                final int turnRemaining;
                final List<Long> order;
                try (Consumer first = topic.consumer(ConsumerOptions.fromEarliest()))
                {
                    order = drain(first, random, cut);
                    for (int p = 0; p < PARTITIONS; p++)
                    {
                        positions[p] = first.position(p);
                    }
                    turnPartition = first.turnPartition();
                    turnRemaining = first.turnRemaining();
                }
                assertSameOrder(reference.subList(0, order.size()), order, "seed " + seed);
                // A new consumer at those positions and that turn continues exactly where the first one stopped.
                try (Consumer resumed = topic.consumer(ConsumerOptions.fromEarliest()))
                {
                    for (int p = 0; p < PARTITIONS; p++)
                    {
                        resumed.seek(p, positions[p]);
                    }
                    resumed.resumeTurn(turnPartition, turnRemaining);
                    order.addAll(drain(resumed, random, Integer.MAX_VALUE));
                }
                assertSameOrder(reference, order, "seed " + seed + ", resumed after " + cut + " records");
            }
            try (Consumer consumer = topic.consumer(ConsumerOptions.fromEarliest()))
            {
                assertThrows(IllegalArgumentException.class, () -> consumer.resumeTurn(0, Consumer.TURN_RECORDS + 1));
                assertThrows(IllegalArgumentException.class, () -> consumer.resumeTurn(PARTITIONS, 0));
            }
        }
    }
}
