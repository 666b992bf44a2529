package dev.rill.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.rill.engine.ReferenceGenerator;
import dev.rill.engine.workloads.W1Reference;
import dev.rill.engine.workloads.W1Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code rill example ...} driven as a user would: a text server on loopback, files dropped into a directory, the
 * queue example's exact text, and W1 from topic to topic against its reference.
 */
class ExampleCommandTest
{
    private static final Pattern PAIR = Pattern.compile("^\\((.*),(-?\\d+)\\)$", Pattern.MULTILINE);
    private static final String DASHES = "-------------------------------------------";
    private static final Pattern TABLE_ROW = Pattern.compile("^\\|([^|]+)\\|\\s*(\\d+)\\|$", Pattern.MULTILINE);
    private static final Pattern TIME_LINE =
        Pattern.compile("========= \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d =========");

    @TempDir
    Path dir;

    /** A {@code rill} run on its own thread, with its output readable while it runs. */
    private static final class Running
    {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final Thread thread;
        volatile int exitCode = -1;

        Running(final Path dataDir, final String... args)
        {
            final List<String> all = new ArrayList<>(List.of("--dir", dataDir.toString()));
            all.addAll(List.of(args));
            final CommandLine commandLine = Rill.commandLine(new Rill(new ByteArrayInputStream(new byte[0]), Map.of()));
            commandLine.setOut(new PrintWriter(out, true));
            commandLine.setErr(new PrintWriter(err, true));
            thread = new Thread(() -> exitCode = commandLine.execute(all.toArray(new String[0])), "example-cli");
            thread.start();
        }

        String out()
        {
            return out.toString();
        }

        void join() throws InterruptedException
        {
            thread.join(30_000);
            assertTrue(!thread.isAlive(), "still running: " + this);
            assertEquals(0, exitCode, this::toString);
        }

        @Override
        public String toString()
        {
            return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private static void await(final BooleanSupplier condition, final long timeoutMs, final Object what)
    {
        final long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        while (!condition.getAsBoolean())
        {
            assertTrue(System.nanoTime() - deadline < 0, () -> "timed out waiting: " + what);
            LockSupport.parkNanos(5_000_000L);
        }
    }

    /** Waits for a condition at most {@code timeoutMs}; whether it held. */
    private static boolean waitUpTo(final BooleanSupplier condition, final long timeoutMs)
    {
        final long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() - deadline >= 0)
            {
                return false;
            }
            LockSupport.parkNanos(5_000_000L);
        }
        return true;
    }

    /** A text server on 127.0.0.1 that accepts one client and sends it lines when asked. */
    private static final class TextServer implements AutoCloseable
    {
        final ServerSocket server;
        volatile Socket client;

        TextServer() throws IOException
        {
            this(0);
        }

        TextServer(final int port) throws IOException
        {
            server = new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
            final Thread acceptor = new Thread(() ->
            {
                try
                {
                    client = server.accept();
                }
                catch (final IOException ex)
                {
                    // closed
                }
            }, "text-server");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        String port()
        {
            return Integer.toString(server.getLocalPort());
        }

        void send(final String... lines) throws IOException
        {
            await(() -> client != null, 10_000, "the example to connect");
            final OutputStream out = client.getOutputStream();
            for (final String line : lines)
            {
                out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            }
            out.flush();
        }

        @Override
        public void close() throws IOException
        {
            if (client != null)
            {
                client.close();
            }
            server.close();
        }
    }

    /** Word counts summed over every printed batch. */
    private static Map<String, Long> totals(final String printed)
    {
        final Map<String, Long> totals = new HashMap<>();
        final Matcher m = PAIR.matcher(printed);
        while (m.find())
        {
            totals.merge(m.group(1), Long.parseLong(m.group(2)), Long::sum);
        }
        return totals;
    }

    /** The records of the last printed batch. */
    private static List<String> lastBatch(final String printed)
    {
        final String[] batches = printed.split(DASHES + "\n\n?");
        final String last = batches[batches.length - 1];
        return last.lines().filter(l -> l.startsWith("(")).sorted().toList();
    }

    @Test
    void queueStreamPrintsSparksOutputExactly() throws Exception
    {
        final Running run = new Running(dir.resolve("data"), "example", "queue-stream");
        run.join();
        final StringBuilder expected = new StringBuilder();
        for (int batch = 1; batch <= 5; batch++)
        {
            expected.append(DASHES).append('\n').append("Time: ").append(batch * 1000).append(" ms\n")
                .append(DASHES).append('\n');
            for (int key = 0; key < 10; key++)
            {
                expected.append('(').append(key).append(",100)\n");
            }
            expected.append('\n');
        }
        assertEquals(expected.toString(), run.out(), run::toString);
    }

    @Test
    void networkWordCountCountsTheWordsATextServerSends() throws Exception
    {
        try (TextServer server = new TextServer())
        {
            final Running run = new Running(dir.resolve("data"), "example", "network-wordcount", "--duration", "3s",
                "127.0.0.1", server.port());
            server.send("hello world hello", "to be or not to be", "hello");
            await(() -> totals(run.out()).getOrDefault("hello", 0L) == 3, 10_000, run);
            run.join();
            assertEquals(Map.of("hello", 3L, "world", 1L, "to", 2L, "be", 2L, "or", 1L, "not", 1L),
                totals(run.out()), run::toString);
            assertTrue(run.out().startsWith(DASHES + "\nTime: "), run::toString);
        }
    }

    @Test
    void hdfsWordCountCountsTheWordsOfFilesDroppedIntoTheDirectory() throws Exception
    {
        final Path watched = Files.createDirectories(dir.resolve("in"));
        final Running run = new Running(dir.resolve("data"), "example", "hdfs-wordcount", "--duration", "5s",
            watched.toString());
        // a file present at the start is ignored, as in Spark: drop probe files until one is counted, then the real ones
        final long deadline = System.nanoTime() + 10_000_000_000L;
        for (int probe = 0; !run.out().contains("(probe,"); probe++)
        {
            assertTrue(System.nanoTime() - deadline < 0, run::toString);
            Files.writeString(dir.resolve(".probe"), "probe\n");
            Files.move(dir.resolve(".probe"), watched.resolve("probe" + probe));
            waitUpTo(() -> run.out().contains("(probe,"), 300);
        }
        for (int i = 0; i < 2; i++)
        {
            final Path hidden = watched.resolve(".f" + i);
            Files.writeString(hidden, "spark rill\nrill streams " + i + "\n");
            Files.move(hidden, watched.resolve("f" + i));
        }
        await(() -> totals(run.out()).getOrDefault("rill", 0L) == 4, 10_000, run);
        run.join();
        final Map<String, Long> totals = totals(run.out());
        totals.remove("probe");
        assertEquals(Map.of("spark", 2L, "rill", 4L, "streams", 2L, "0", 1L, "1", 1L), totals, run::toString);
    }

    @Test
    void statefulNetworkWordCountKeepsRunningCountsFromTheInitialState() throws Exception
    {
        try (TextServer server = new TextServer())
        {
            final Running run = new Running(dir.resolve("data"), "example", "stateful-network-wordcount",
                "--duration", "4s", "127.0.0.1", server.port());
            // the initial state is printed before any line arrives
            await(() -> run.out().contains("(hello,1)"), 10_000, run);
            assertEquals(List.of("(hello,1)", "(world,1)"), lastBatch(run.out()), run::toString);
            server.send("hello rill", "hello");
            await(() -> run.out().contains("(hello,3)"), 10_000, run);
            run.join();
            assertEquals(List.of("(hello,3)", "(rill,1)", "(world,1)"), lastBatch(run.out()), run::toString);
        }
    }

    @Test
    void networkWordJoinSentimentsPrintsTheHappiestWords() throws Exception
    {
        try (TextServer server = new TextServer())
        {
            final Running run = new Running(dir.resolve("data"), "example", "network-wordjoinsentiments",
                "--batch", "1s", "--duration", "3s", "127.0.0.1", server.port());
            server.send("good good amazing bad stream bad good");
            await(() -> run.out().contains("(3 total)"), 10_000, run);
            run.join();
            assertTrue(run.out().contains("Happiest topics in the last 1 seconds (3 total):\n" +
                "good (9 happiness)\namazing (4 happiness)\nbad (-6 happiness)\n"), run::toString);
            assertTrue(run.out().contains("Happiest topics in the last 1 seconds (0 total):\n"), run::toString);
        }
    }

    /** Word totals summed over every table a sql-network-wordcount run printed. */
    private static Map<String, Long> tableTotals(final String printed)
    {
        final Map<String, Long> totals = new HashMap<>();
        final Matcher m = TABLE_ROW.matcher(printed);
        while (m.find())
        {
            totals.merge(m.group(1).trim(), Long.parseLong(m.group(2)), Long::sum);
        }
        return totals;
    }

    @Test
    void sqlNetworkWordCountRunsTheQueryOverEachBatchAndShowsItAsSparkDoes() throws Exception
    {
        try (TextServer server = new TextServer())
        {
            final Running run = new Running(dir.resolve("data"), "example", "sql-network-wordcount", "--duration",
                "3s", "127.0.0.1", server.port());
            server.send("hello world hello", "to be or not to be", "hello");
            await(() -> tableTotals(run.out()).getOrDefault("hello", 0L) == 3, 10_000, run);
            run.join();
            assertEquals(Map.of("hello", 3L, "world", 1L, "to", 2L, "be", 2L, "or", 1L, "not", 1L),
                tableTotals(run.out()), run::toString);
            // every batch starts with its time line (Python's str(datetime)); a batch with words shows its table
            final String out = run.out();
            assertTrue(TIME_LINE.matcher(out).lookingAt(), run::toString);
            assertTrue(out.contains("+-----+-----+\n| word|total|\n+-----+-----+\n"), run::toString);
            for (final String block : out.split("(?m)^(?=\\Q=========\\E )"))
            {
                final List<String> lines = block.lines().toList();
                assertTrue(TIME_LINE.matcher(lines.get(0)).matches(), () -> "time line: " + block);
                if (lines.size() > 1)
                {
                    final String border = lines.get(1);
                    assertTrue(border.matches("\\+-+\\+-+\\+"), () -> "border: " + block);
                    assertEquals(border, lines.get(3), block);
                    assertEquals(border, lines.get(lines.size() - 2), block);
                    assertEquals("", lines.get(lines.size() - 1), "an empty line after the table: " + block);
                    lines.subList(2, lines.size() - 2).forEach(l -> assertEquals(border.length(), l.length(), block));
                }
            }
        }
    }

    @Test
    void aSocketExampleWhoseServerIsNotRunningSaysSoRetriesAndConnectsOnceItIs() throws Exception
    {
        final int port;
        try (ServerSocket probe = new ServerSocket(0, 50, InetAddress.getLoopbackAddress()))
        {
            port = probe.getLocalPort();
        }
        final PrintStream stderr = System.err;
        final ByteArrayOutputStream logged = new ByteArrayOutputStream();
        // slf4j-simple (the command line's logger) writes its warnings to whatever System.err is at the time
        System.setErr(new PrintStream(logged, true, StandardCharsets.UTF_8));
        try
        {
            final Running run = new Running(dir.resolve("data"), "example", "sql-network-wordcount", "--duration",
                "5s", "127.0.0.1", Integer.toString(port));
            final String refused = "cannot connect to 127.0.0.1:" + port + ": Connection refused (attempt 2, " +
                "retrying in 200 ms)";
            await(() -> logged.toString(StandardCharsets.UTF_8).contains(refused), 10_000, logged);
            assertTrue(run.thread.isAlive(), "still running while the server is down: " + run);
            try (TextServer server = new TextServer(port))
            {
                server.send("rill is up");
                await(() -> run.out().contains("|rill|    1|"), 10_000, run);
            }
            run.join();
            assertEquals(Map.of("rill", 1L, "is", 1L, "up", 1L), tableTotals(run.out()), run::toString);
        }
        finally
        {
            System.setErr(stderr);
        }
    }

    @Test
    void tradesWindowFromTopicToTopicEqualsTheReference() throws Exception
    {
        final Path data = dir.resolve("data");
        final Cli cli = new Cli(data);
        assertEquals(0, cli.run("topic", "create", "trades", "--partitions", "2").exitCode());
        final Cli.Result produced = cli.run("produce", "trades", "--generator", "trades", "--count", "30000");
        assertEquals(0, produced.exitCode(), produced::toString);
        final Running run = new Running(data, "example", "trades-window", "--input", "trades", "--output", "w1",
            "--checkpoint", dir.resolve("chk").toString(), "--checkpoint-interval", "50ms", "--until-end");
        run.join();
        final W1Result expected = W1Reference.run(30_000, ReferenceGenerator.DEFAULT_SYMBOLS);
        assertTrue(expected.records() > 1_000, expected::toString);
        assertTrue(run.out().contains("trades-window: w1 holds " + expected), run + "\nexpected " + expected);
    }

    @Test
    void badArgumentsAreRefusedWithOneLine()
    {
        final Cli cli = new Cli(dir.resolve("data"));
        final Cli.Result noPort = cli.run("example", "network-wordcount", "localhost");
        assertEquals(2, noPort.exitCode(), noPort::toString);
        assertTrue(noPort.err().contains("PORT"), noPort::toString);
        final Cli.Result none = cli.run("example");
        assertEquals(2, none.exitCode(), none::toString);
        assertTrue(none.err().contains("missing example"), none::toString);
        final Cli.Result generator = cli.run("produce", "t", "--generator", "quotes", "--count", "1");
        assertEquals(2, generator.exitCode(), generator::toString);
    }
}
