package dev.rill.engine.checkpoint;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import org.agrona.concurrent.CachedEpochClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.rill.engine.Pipeline;
import dev.rill.engine.PipelineConfig;
import dev.rill.engine.SocketSourceOptions;
import dev.rill.engine.ThreadingMode;
import dev.rill.log.RillLog;

/**
 * {@code socketTextStream(...).persistTo(log, topic)}: lines received on a loopback socket are written into a topic
 * and read from it, so a pipeline aborted after its checkpoint replays, after recovery, the lines received since the
 * checkpoint, which the server never sends again.
 */
class PersistToTest
{
    @TempDir
    Path dir;

    private static Pipeline pipeline(final RillLog log, final int port, final CachedEpochClock clock, final Path chk,
        final List<String> received)
    {
        final Pipeline p = Pipeline.create(PipelineConfig.builder().threadingMode(ThreadingMode.STEPPING).clock(clock)
            .ringSize(256).build());
        p.checkpoint(chk, 50);
        p.socketTextStream(SocketSourceOptions.port(port).host("127.0.0.1").reconnectBackoffMs(5, 40).build())
            .persistTo(log, "wal")
            .foreach("collect", e -> received.add(e.bytes().getStringWithoutLengthUtf8(0, e.bytesLength())));
        return p;
    }

    private static void send(final Socket client, final int from, final int to) throws IOException
    {
        final StringBuilder text = new StringBuilder();
        for (int i = from; i < to; i++)
        {
            text.append("line ").append(i).append('\n');
        }
        final OutputStream out = client.getOutputStream();
        out.write(text.toString().getBytes(UTF_8));
        out.flush();
    }

    private static void stepUntil(final Pipeline p, final CachedEpochClock clock, final BooleanSupplier done,
        final String what)
    {
        stepUntil(p, clock, 1, done, what);
    }

    /**
     * Steps until {@code done}, moving the clock {@code advanceMs} per step: 0 keeps it still, so that no checkpoint
     * comes due however many steps the receiver thread takes to hand lines over.
     */
    private static void stepUntil(final Pipeline p, final CachedEpochClock clock, final long advanceMs,
        final BooleanSupplier done, final String what)
    {
        final long deadline = System.nanoTime() + 20_000_000_000L;
        while (!done.getAsBoolean())
        {
            assertTrue(System.nanoTime() < deadline, "timed out waiting for " + what);
            clock.advance(advanceMs);
            p.step();
            Thread.yield();
        }
    }

    private static List<String> lines(final int from, final int to)
    {
        final List<String> out = new ArrayList<>();
        for (int i = from; i < to; i++)
        {
            out.add("line " + i);
        }
        return out;
    }

    @Test
    void linesReceivedSinceTheCheckpointAreReplayedFromTheTopicAfterRecovery() throws Exception
    {
        final Path chk = dir.resolve("chk");
        final CachedEpochClock clock = new CachedEpochClock();
        try (RillLog log = RillLog.open(dir.resolve("log"));
            ServerSocket server = new ServerSocket())
        {
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            server.setSoTimeout(20_000);
            final int port = server.getLocalPort();
            final List<String> first = new CopyOnWriteArrayList<>();
            final Pipeline a = Pipeline.getOrCreate(chk, () -> pipeline(log, port, clock, chk, first));
            assertTrue(a.describe().contains("persisted to topic wal"), a.describe());
            a.start();
            try (Socket client = server.accept())
            {
                send(client, 0, 200);
                stepUntil(a, clock, () -> first.size() == 200, "200 lines");
                final long before = a.lastCheckpointId();
                stepUntil(a, clock, () -> a.lastCheckpointId() > before, "a checkpoint");
                // The clock stands still from here to the abort, so the newest complete checkpoint stays the one at
                // offset 200. With the clock moving 1 ms a step, the next one came due 50 steps on (a millisecond or
                // two of stepping); a receiver thread late by that much, handing the lines over in two pieces around
                // it, got part of them checkpointed, and the replay below missed them.
                send(client, 200, 300);
                stepUntil(a, clock, 0, () -> first.size() == 300, "300 lines");
                a.stop(false); // abort: lines 200..299 are after the checkpoint
                a.close();
            }
            assertEquals(lines(0, 300), first);
            assertEquals(300, log.topic("wal").nextOffset(0));

            final List<String> second = new CopyOnWriteArrayList<>();
            final Pipeline b = Pipeline.getOrCreate(chk, () -> pipeline(log, port, clock, chk, second));
            assertTrue(b.restoredCheckpointId() > 0);
            b.start();
            try (Socket client = server.accept())
            {
                stepUntil(b, clock, () -> second.size() >= 100, "the replay");
                send(client, 300, 350);
                stepUntil(b, clock, () -> second.contains("line 349"), "the new lines");
                b.stop(false);
                b.close();
            }
            // the replay starts at the checkpointed offset (200, as everything before was read) and goes on
            // with what the new connection sends
            assertEquals(lines(200, 350), second);
        }
    }

    @Test
    void persistToAfterAnOperatorIsRefused() throws Exception
    {
        try (RillLog log = RillLog.open(dir.resolve("log"));
            Pipeline p = Pipeline.create(PipelineConfig.builder().build()))
        {
            final IllegalStateException ex = assertThrows(IllegalStateException.class, () ->
                p.socketTextStream("127.0.0.1", 9).map("m", (in, o) -> { }).persistTo(log, "wal"));
            assertTrue(ex.getMessage().contains("persistTo"), ex.getMessage());
        }
    }
}
