package dev.rill.engine.internal;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.rill.engine.Event;
import dev.rill.log.RillLog;
import dev.rill.log.Topic;
import dev.rill.log.TopicConfig;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The log-topic sink of a fresh run with checkpoints commits nothing before the run's first checkpoint is complete:
 * records wait in their batches through duty cycles, a checkpoint's state write waits for it, and once it is
 * complete every record goes out in order.
 */
class LogSinkHoldTest
{
    @TempDir
    Path dir;

    @Test
    void recordsWaitForTheFirstCheckpointThenAllGoOut() throws Exception
    {
        try (RillLog log = RillLog.open(dir))
        {
            final Topic topic = log.createTopic("out", TopicConfig.builder(1).build());
            final LogSinkOutput sink = new LogSinkOutput("sink", topic);
            sink.open();
            final AtomicLong completed = new AtomicLong();
            sink.holdUntilFirstCheckpoint(completed::get);
            final Event event = new Event();
            for (int i = 0; i < 10; i++)
            {
                event.clear().key(i).eventTimeNs(1_000L * i);
                sink.onEvent(event);
                // a new duty cycle: without the hold, the records added so far would be committed here
                sink.inputsAvailable(1);
            }
            assertEquals(0, topic.nextOffset(0), "records visible before the first checkpoint completed");

            // a later checkpoint's state write waits for the first one, then records all ten
            final Thread completer = new Thread(() ->
            {
                java.util.concurrent.locks.LockSupport.parkNanos(200_000_000L);
                completed.set(1);
            });
            final long startNs = System.nanoTime();
            completer.start();
            final ExpandableArrayBuffer state = new ExpandableArrayBuffer();
            sink.writeState(state, 0);
            completer.join();
            assertTrue(System.nanoTime() - startNs >= 150_000_000L, "the state write did not wait");
            assertEquals(10, topic.nextOffset(0));
            assertEquals(10, state.getLong(4), "checkpointed next offset of partition 0");

            // no hold any more: a duty cycle commits what came since
            event.clear().key(10).eventTimeNs(10_000L);
            sink.onEvent(event);
            sink.inputsAvailable(1);
            assertEquals(11, topic.nextOffset(0));
        }
    }
}
