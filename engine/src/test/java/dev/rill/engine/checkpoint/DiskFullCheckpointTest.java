package dev.rill.engine.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.agrona.concurrent.CachedEpochClock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import dev.rill.engine.Pipeline;
import dev.rill.engine.ThreadingMode;
import dev.rill.engine.WaitStrategy;
import dev.rill.engine.workloads.W1Pipeline;
import dev.rill.log.RillLog;

/**
 * A disk that fills during a checkpoint, for real: {@link DiskFullChild} runs in a child JVM under {@code ulimit -f}
 * (RLIMIT_FSIZE; HotSpot ignores SIGXFSZ, so a write past the limit is cut short and the next one fails with EFBIG,
 * "File too large"), its keyed state growing until a state file no longer fits. The pipeline must fail naming the
 * file, leave the previous complete checkpoint intact (the failed one has no manifest), and {@code getOrCreate}
 * (here, without the limit) must recover from that previous checkpoint and write exactly what an uninterrupted run
 * writes. Both ways of writing state files: on the stage thread (stepping mode) and on the checkpoint writer
 * thread (DEDICATED, whose failure the stages throw at their next duty cycle).
 */
class DiskFullCheckpointTest
{
    private static final int EVENTS = 400_000;
    /**
     * The limit in KiB ({@code ulimit -f} counts 1024-byte blocks): above the output topic's queue file (1.25 MiB
     * for a 1 MiB block) and the state files of up to 65,536 map slots (1.5 MiB), below the next doubling (3 MiB,
     * reached at 46 % of the input's 100,000 keys: {@link DiskFullChild#NS_PER_KEY}).
     */
    private static final int LIMIT_KIB = 2_048;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"stepping", "dedicated"})
    void aCheckpointThatFillsTheDiskFailsNamingTheFileAndThePreviousOneRecovers(final String mode) throws Exception
    {
        final Path logDir = dir.resolve("log");
        final Path chk = dir.resolve("chk");
        try (RillLog log = RillLog.open(logDir))
        {
            log.createTopic("in", ExactlyOnceRecoveryTest.small(1));
            W1Pipeline.writeTopic(W1Pipeline.config(ThreadingMode.STEPPING, WaitStrategy.BACKOFF).build(), log, "in",
                EVENTS, 100);
            log.createTopic("A", ExactlyOnceRecoveryTest.small(1));
            log.createTopic("B", ExactlyOnceRecoveryTest.small(1));
            final CachedEpochClock clock = new CachedEpochClock();
            try (Pipeline a = DiskFullChild.build(log, "A", clock, null))
            {
                a.start();
                DiskFullChild.run(a, clock);
            }
        }

        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(SigkillRecoveryTest.jvmFlags());
        command.add("-Xmx256m");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(DiskFullChild.class.getName());
        command.addAll(List.of(logDir.toString(), chk.toString(), "B", mode));
        final String shell = "ulimit -f " + LIMIT_KIB + " && exec " + command.stream().map(DiskFullCheckpointTest::quote)
            .collect(Collectors.joining(" "));
        final Path stderr = dir.resolve("child.stderr");
        final Process child = new ProcessBuilder("bash", "-c", shell).redirectError(stderr.toFile()).start();
        final String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(120, TimeUnit.SECONDS), "child did not end");
        assertEquals(3, child.exitValue(), "the child should fail on a full disk; stdout: " + out + " stderr: " +
            Files.readString(stderr));
        assertTrue(out.contains("started restored=0"), out);

        // The failure names the state file it could not write, and why.
        final java.util.regex.Matcher failed = java.util.regex.Pattern
            .compile("cannot write checkpoint file (\\S+\\.state)").matcher(out);
        assertTrue(failed.find(), out);
        final Path file = Path.of(failed.group(1));
        assertTrue(file.startsWith(chk) && file.getFileName().toString().endsWith(".state"), out);
        assertTrue(out.contains("File too large"), out);
        final long failedId = Long.parseLong(file.getParent().getFileName().toString().substring(4));
        assertFalse(Files.exists(file.getParent().resolve("MANIFEST")), "the failed checkpoint has no manifest");
        assertTrue(Files.size(file) >= LIMIT_KIB * 1024L, "the failed file reached the limit: " + Files.size(file));

        // Complete checkpoints before it are on disk, intact.
        final List<Long> complete = new dev.rill.engine.internal.checkpoint.CheckpointStore(chk).completeIds();
        assertFalse(complete.isEmpty(), "no complete checkpoint before the failed one");
        final long previous = complete.get(0);
        assertTrue(previous < failedId, "newest complete " + previous + ", failed " + failedId);

        try (RillLog log = RillLog.open(logDir))
        {
            final CachedEpochClock clock = new CachedEpochClock();
            try (Pipeline b = Pipeline.getOrCreate(chk, () -> DiskFullChild.build(log, "B", clock, chk)))
            {
                assertEquals(previous, b.restoredCheckpointId());
                assertEquals(List.of(), b.checkpointWarnings());
                b.start();
                assertFalse(Files.exists(file), "the partial checkpoint is deleted at recovery");
                DiskFullChild.run(b, clock);
                assertTrue(b.lastCheckpointId() > previous, "checkpoints continued: " + b.lastCheckpointId());
            }
            final List<List<String>> expected = ExactlyOnceRecoveryTest.records(log, "A");
            assertTrue(expected.get(0).size() > 5_000, "records: " + expected.get(0).size());
            assertEquals(expected, ExactlyOnceRecoveryTest.records(log, "B"));
        }
    }

    private static String quote(final String arg)
    {
        return "'" + arg.replace("'", "'\\''") + "'";
    }
}
