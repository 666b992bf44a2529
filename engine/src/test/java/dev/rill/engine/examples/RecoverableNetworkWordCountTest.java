package dev.rill.engine.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import dev.rill.engine.Pipeline;
import dev.rill.engine.PipelineConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The recoverable word count killed (stop now, no drain) and started again with the same arguments: the second run
 * is restored from a checkpoint (no "Creating new context"), keeps the output file and appends to it, and its word
 * ids still name the same words.
 */
class RecoverableNetworkWordCountTest
{
    @TempDir
    Path dir;

    private static void await(final BooleanSupplier condition, final Object what)
    {
        final long deadline = System.nanoTime() + 15_000_000_000L;
        while (!condition.getAsBoolean())
        {
            assertTrue(System.nanoTime() - deadline < 0, () -> "timed out waiting: " + what);
            LockSupport.parkNanos(5_000_000L);
        }
    }

    private static String read(final Path file)
    {
        try
        {
            return Files.exists(file) ? Files.readString(file) : "";
        }
        catch (final IOException ex)
        {
            return "";
        }
    }

    private static void send(final Socket client, final String line) throws IOException
    {
        final OutputStream out = client.getOutputStream();
        out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Test
    void aKilledRunIsRestoredFromItsCheckpointAndKeepsAppending() throws Exception
    {
        final Path chk = dir.resolve("chk");
        final Path output = dir.resolve("out.txt");
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress()))
        {
            final int port = server.getLocalPort();
            final ByteArrayOutputStream printed1 = new ByteArrayOutputStream();
            final Pipeline first = RecoverableNetworkWordCount.getOrCreate(PipelineConfig.builder(), "127.0.0.1",
                port, chk, output, 100, new PrintStream(printed1, true, StandardCharsets.UTF_8));
            assertEquals(0, first.restoredCheckpointId());
            first.start();
            try (Socket client = server.accept())
            {
                send(client, "hello world hello a b");
                await(() -> read(output).contains("[(hello,2), (world,1)]"), read(output));
                final long after = first.lastCheckpointId();
                await(() -> first.lastCheckpointId() > after, "a checkpoint after the first counts");
                first.stop(false);
                first.close();
            }
            final String beforeRestart = read(output);
            assertTrue(printed1.toString(StandardCharsets.UTF_8).startsWith("Creating new context"));
            assertTrue(printed1.toString(StandardCharsets.UTF_8).contains("Dropped 2 word(s) totally"));

            final ByteArrayOutputStream printed2 = new ByteArrayOutputStream();
            final Pipeline second = RecoverableNetworkWordCount.getOrCreate(PipelineConfig.builder(), "127.0.0.1",
                port, chk, output, 100, new PrintStream(printed2, true, StandardCharsets.UTF_8));
            assertTrue(second.restoredCheckpointId() > 0, "restored from a checkpoint");
            second.start();
            try (Socket client = server.accept())
            {
                send(client, "rill rill hello");
                await(() -> read(output).contains("[(hello,1), (rill,2)]"), read(output));
                second.stop(false);
                second.close();
            }
            assertFalse(printed2.toString(StandardCharsets.UTF_8).contains("Creating new context"));
            assertTrue(read(output).startsWith(beforeRestart), "appended, not recreated:\n" + read(output));
            assertTrue(Files.readString(chk.resolve("words.txt")).startsWith("hello\nworld\n"));
        }
    }
}
