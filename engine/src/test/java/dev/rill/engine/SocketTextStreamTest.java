package dev.rill.engine;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SocketTextStreamTest
{
    private static final String LOOPBACK = "127.0.0.1";
    private static final String SOURCE = "socketTextStream#1";

    @AfterEach
    void noReceiverThreadLeaks()
    {
        Await.noThreadLeft("rill-socketTextStream");
    }

    private static ServerSocket listen(final int port) throws IOException
    {
        final ServerSocket server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getByName(LOOPBACK), port));
        server.setSoTimeout(20_000);
        return server;
    }

    private static SocketSourceOptions.Builder options(final int port)
    {
        return SocketSourceOptions.port(port).host(LOOPBACK).reconnectBackoffMs(5, 40);
    }

    private static String text(final Event e)
    {
        return e.bytes().getStringWithoutLengthUtf8(0, e.bytesLength());
    }

    private static void send(final Socket client, final String text) throws IOException
    {
        final OutputStream out = client.getOutputStream();
        out.write(text.getBytes(UTF_8));
        out.flush();
    }

    @Test
    void linesArriveInOrderAndTheSourceReconnectsWhenTheServerRestartsOnTheSamePort() throws Exception
    {
        final ConcurrentLinkedQueue<String> received = new ConcurrentLinkedQueue<>();
        final ConcurrentLinkedQueue<Long> offsets = new ConcurrentLinkedQueue<>();
        final List<String> expected = new ArrayList<>();
        final int port;
        try (ServerSocket first = listen(0);
            Pipeline pipeline = Pipeline.create(PipelineConfig.builder().ringSize(64).build()))
        {
            port = first.getLocalPort();
            // a small hand-off ring: 2000 lines pass through it many times over, the receiver waiting when it is full
            pipeline.socketTextStream(options(port).handoffBytes(1024).build())
                .foreach(e ->
                {
                    received.add(text(e));
                    offsets.add(e.sourceOffset());
                });
            assertTrue(pipeline.describe().contains("socket text lines from 127.0.0.1:" + port), pipeline.describe());
            pipeline.start();
            try (Socket client = first.accept())
            {
                final StringBuilder sb = new StringBuilder();
                for (int i = 0; i < 2_000; i++)
                {
                    sb.append("line-").append(i).append(i % 2 == 0 ? "\n" : "\r\n");
                    expected.add("line-" + i);
                }
                send(client, sb.toString());
                Await.until(() -> received.size() == 2_000, 20_000, () -> received.size() + " of 2000 lines");
            }
            first.close();
            // the peer went away: the receiver retries until a server listens on the port again
            try (ServerSocket second = listen(port); Socket client = second.accept())
            {
                send(client, "after-0\nafter-1\nafter-2");   // the last line has no newline: sent when the peer closes
                expected.add("after-0");
                expected.add("after-1");
                expected.add("after-2");
            }
            Await.until(() -> received.size() == expected.size(), 20_000,
                () -> received.size() + " of " + expected.size() + " lines");
            final ComponentMetrics source = pipeline.metrics().component(SOURCE);
            assertEquals(2_003, source.counter("lines"));
            assertTrue(source.counter("connections") >= 2, source.counters().toString());
            assertTrue(source.counter("disconnects") >= 1, source.counters().toString());
            // a stage's event count is published at the end of its duty cycle, after the sink saw the last line: the
            // duty cycle may still be running (or its thread preempted) when the last line is in `received`
            Await.until(() -> pipeline.metrics().stage(0).eventsOut() >= 2_003, 20_000,
                () -> "events out: " + pipeline.metrics().stage(0).eventsOut());
            assertEquals(2_003, pipeline.metrics().stage(0).eventsOut());
            pipeline.stop(false);
        }
        assertEquals(expected, new ArrayList<>(received));
        final List<Long> numbers = new ArrayList<>(offsets);
        for (int i = 0; i < numbers.size(); i++)
        {
            assertEquals(i, numbers.get(i), "line number of line " + i);
        }
    }

    @Test
    void aRefusedConnectionIsRetriedCountedAndNamedAndThePipelineKeepsRunning() throws Exception
    {
        final int port;
        try (ServerSocket probe = listen(0))
        {
            port = probe.getLocalPort();
        }
        final ConcurrentLinkedQueue<String> received = new ConcurrentLinkedQueue<>();
        try (Pipeline pipeline = Pipeline.create(PipelineConfig.defaults()))
        {
            pipeline.socketTextStream(options(port).build()).foreach(e -> received.add(text(e)));
            pipeline.start();
            Await.until(() -> pipeline.metrics().component(SOURCE).counter("connectFailures") >= 3, 20_000,
                () -> pipeline.metrics().toTable());
            final PipelineMetrics metrics = pipeline.metrics();
            final String status = metrics.component(SOURCE).status();
            assertTrue(status.contains("cannot connect to 127.0.0.1:" + port), status);
            assertTrue(metrics.toTable().contains("connectFailures="), metrics.toTable());
            assertEquals(0, metrics.component(SOURCE).counter("connections"));
            assertFalse(pipeline.awaitTermination(1), "the pipeline keeps running");
            // the server comes up: the next attempt connects
            try (ServerSocket server = listen(port); Socket client = server.accept())
            {
                send(client, "hello\n");
                Await.until(() -> received.size() == 1, 20_000, () -> "the line after the server came up");
            }
            assertEquals(List.of("hello"), new ArrayList<>(received));
            pipeline.stop(true);
        }
    }

    @Test
    void anOverlongLineFailsThePipelineNamingTheSourceAndLineOrIsCutAtACharacterAndCounted() throws Exception
    {
        final String overlong = "a".repeat(63) + "\u00e9" + "b".repeat(10);   // é takes bytes 63 and 64
        try (ServerSocket server = listen(0);
            Pipeline pipeline = Pipeline.create(PipelineConfig.builder().threadingMode(ThreadingMode.STEPPING).build()))
        {
            final int port = server.getLocalPort();
            pipeline.socketTextStream(options(port).build()).foreach(e -> { });
            pipeline.start();
            try (Socket client = server.accept())
            {
                send(client, "short\n" + overlong + "\n");
                final PipelineException ex = assertThrows(PipelineException.class, () ->
                {
                    final long deadlineNs = System.nanoTime() + 20_000_000_000L;
                    while (System.nanoTime() - deadlineNs < 0)
                    {
                        pipeline.step();
                    }
                });
                assertEquals(SOURCE, ex.operatorName());
                assertEquals("127.0.0.1:" + port, ex.sourceName());
                assertEquals(1, ex.sourceOffset());
                assertTrue(ex.getMessage().contains("line of 75 bytes"), ex.getMessage());
            }
        }
        final List<String> received = new ArrayList<>();
        try (ServerSocket server = listen(0);
            Pipeline pipeline = Pipeline.create(PipelineConfig.builder().threadingMode(ThreadingMode.STEPPING).build()))
        {
            pipeline.socketTextStream(options(server.getLocalPort()).overlongLines(OverlongLinePolicy.TRUNCATE).build())
                .foreach(e -> received.add(text(e)));
            pipeline.start();
            try (Socket client = server.accept())
            {
                send(client, overlong + "\nnext\n");
                Await.until(() ->
                {
                    pipeline.step();
                    return received.size() == 2;
                }, 20_000, () -> received.toString());
            }
            assertEquals(List.of("a".repeat(63), "next"), received);
            assertEquals(1, pipeline.metrics().component(SOURCE).counter("linesTruncated"));
            pipeline.stop(false);
        }
    }
}
