package dev.rill.perf.w1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import java.nio.file.Path;

import dev.rill.engine.ThreadingMode;
import dev.rill.engine.WaitStrategy;
import dev.rill.engine.workloads.W1Pipeline;
import dev.rill.engine.workloads.W1Result;
import dev.rill.log.RillLog;
import dev.rill.log.Topic;
import dev.rill.log.TopicConfig;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The W1 ladder's rungs compute W1 exactly (each against the single-threaded loop), and the ladder runs each rung in
 * a JVM of its own, checks every result and reports every rung.
 */
class W1LadderTest
{
    @TempDir
    Path tmp;

    @ParameterizedTest
    @EnumSource(EventSlotW1.Rung.class)
    void everyRungComputesW1(final EventSlotW1.Rung rung) throws InterruptedException
    {
        // 350,000 events of 1 us: 4 panes of 100 ms, the last one partial; windows of 3 and 10 panes
        try (RillLog log = RillLog.open(tmp.resolve("log")))
        {
            final Topic topic = log.createTopic("w1", TopicConfig.builder(1).build());
            W1Pipeline.writeTopic(W1Pipeline.config(ThreadingMode.DEDICATED, WaitStrategy.YIELDING).build(), log, "w1",
                350_000, 100);
            for (final int panes : new int[] {3, 10})
            {
                final W1Result expected = SingleThreadW1.run(350_000, 100, panes);
                assertTrue(expected.records() > 0, "the reference emits results");
                assertEquals(expected, EventSlotW1.run(rung, 350_000, 100, panes, topic),
                    rung.label + ", " + panes + " panes");
            }
        }
    }

    @Test
    void eachRungRunsInItsOwnJvmAndIsReportedAgainstTheBaseline()
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        final int code = new CommandLine(new W1Ladder(out)).execute("--events", "200000", "--keys", "100",
            "--rounds", "1", "--warmup-runs", "1");
        final String text = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, text);
        assertTrue(text.contains("every run " + SingleThreadW1.run(200_000, 100, 10)), text);
        final List<String> rungs = W1Ladder.rungs();
        assertEquals(List.of("disruptor-baseline", "padded-slots", "padded-slots-written", "event-slots", "event-slots-window", "rill-source-stage", "rill",
            "rill-after-other-pipelines", "log-event-slots", "rill-via-log"), rungs);
        for (final String rung : rungs)
        {
            assertTrue(text.contains("| " + rung + " | "), rung + " in the table:\n" + text);
        }
        assertTrue(text.contains("| disruptor-baseline | ") && text.contains("1.00x (1.00x..1.00x)"), text);
    }

    /** Runs the ladder with bad arguments: it must exit 2 and say {@code expected} on stderr. */
    private static void refused(final String expected, final String... args)
    {
        final CommandLine cli = new CommandLine(new W1Ladder(new PrintStream(new ByteArrayOutputStream(), true,
            StandardCharsets.UTF_8)));
        final java.io.StringWriter err = new java.io.StringWriter();
        cli.setErr(new java.io.PrintWriter(err, true));
        assertEquals(2, cli.execute(args));
        assertTrue(err.toString().contains(expected), err.toString());
    }

    @Test
    void roundsBelowOneAreRefused()
    {
        refused("least 1 and --warmup-runs at least 0: 20000000, 10000, 0, 3", "--rounds", "0");
    }

    @Test
    void anUnknownRungIsRefused()
    {
        refused("no such rung in [rill, rill-fast]", "--rungs", "rill,rill-fast");
    }

    @Test
    void spreadIsTheMedianWithTheRange()
    {
        assertEquals("2.5 (1.0..10.0)", W1Ladder.spread(List.of(3.0, 1.0, 2.0, 10.0), 1, "%.1f"));
        assertEquals("2.00M (1.00M..3.00M)", W1Ladder.spread(List.of(3e6, 1e6, 2e6), 1e-6, "%.2fM"));
    }
}
