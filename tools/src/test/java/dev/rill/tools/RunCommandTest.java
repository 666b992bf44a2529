package dev.rill.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import dev.rill.engine.examples.TopicCount;
import dev.rill.log.Producer;
import dev.rill.log.RillLog;
import dev.rill.log.TopicConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunCommandTest
{
    private static final long T0_MS = Instant.parse("2024-05-01T12:00:00Z").toEpochMilli();
    private static final String COUNT = TopicCount.class.getName();

    @TempDir
    Path dir;

    /** Records at these ms after T0, on one partition of topic t. */
    private void writeRecords(final long... msAfterT0)
    {
        try (RillLog log = RillLog.open(dir))
        {
            final Producer producer = log.createTopic("t", TopicConfig.builder(1).build()).producer();
            for (final long ms : msAfterT0)
            {
                producer.append(0, (T0_MS + ms) * 1_000_000L, new byte[0], "x".getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    private static String batch(final long timeMs, final String record)
    {
        final String dashes = "-".repeat(43);
        return dashes + "\nTime: " + timeMs + " ms\n" + dashes + "\n" + record + "\n\n";
    }

    @Test
    void runsABoundedJobToItsEndAndPrintsTheMetricsTable()
    {
        writeRecords(0, 100, 900, 1_500, 3_200);
        final Cli.Result r = new Cli(dir).run("run", COUNT, "t");
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals(batch(T0_MS + 1_000, "3") + batch(T0_MS + 2_000, "1") + batch(T0_MS + 3_000, "0") +
            batch(T0_MS + 4_000, "1"), r.out().replace(System.lineSeparator(), "\n"));
        assertTrue(r.err().startsWith("rill run: " + COUNT + " ended after "), r::toString);
        assertTrue(r.err().contains("events in"), r::toString);
        assertTrue(r.err().contains("source topicStream#1: lag[0]=0"), r::toString);
        assertTrue(r.err().contains("late events: 0"), r::toString);
    }

    @Test
    void optionsAfterTheClassGoToTheJobExceptTheReplaysFrom()
    {
        writeRecords(0, 100, 900, 1_500, 3_200);
        final Cli.Result r = new Cli(dir).run("run", COUNT, "t", "--from", "3", "--batch-ms", "500");
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals(batch(T0_MS + 2_000, "1") + batch(T0_MS + 2_500, "0") + batch(T0_MS + 3_000, "0") +
            batch(T0_MS + 3_500, "1"), r.out().replace(System.lineSeparator(), "\n"));
    }

    @Test
    void aJobThatThrowsExitsOneWithTheOperatorAndTheOffset()
    {
        writeRecords(0, 1, 2, 3);
        final Cli.Result r = new Cli(dir).run("run", FailingJob.class.getName(), "t");
        assertEquals(1, r.exitCode(), r::toString);
        assertEquals("rill: operator explode failed on record source=t, partition=0, offset=2: " +
            "java.lang.IllegalStateException: bad record\n", r.err());
        assertEquals("", r.out());
    }

    @Test
    void aClassThatIsMissingOrIsNotAJobExitsTwoNamingIt()
    {
        final Cli cli = new Cli(dir);
        final Cli.Result missing = cli.run("run", "com.example.NoSuchJob");
        assertEquals(2, missing.exitCode(), missing::toString);
        assertEquals("rill: no such class: com.example.NoSuchJob (not on rill's classpath; add its jar or " +
            "directory with --classpath)\n", missing.err());

        final Cli.Result notAJob = cli.run("run", "java.lang.String");
        assertEquals(2, notAJob.exitCode(), notAJob::toString);
        assertEquals("rill: class java.lang.String does not implement dev.rill.engine.RillJob\n", notAJob.err());

        final Cli.Result noClasspath = cli.run("run", "--classpath", dir.resolve("nope.jar").toString(), COUNT);
        assertEquals(2, noClasspath.exitCode(), noClasspath::toString);
        assertEquals("rill: no such file or directory in --classpath: " + dir.resolve("nope.jar") + "\n",
            noClasspath.err());

        final Cli.Result badArgs = cli.run("run", COUNT);
        assertEquals(2, badArgs.exitCode(), badArgs::toString);
        assertEquals("rill: usage: TopicCount TOPIC [--batch-ms MS] [--follow] (and rill run's --from " +
            "earliest|latest|OFFSET|@TIME)\n",
            badArgs.err());

        final Cli.Result noTopic = cli.run("run", COUNT, "nope");
        assertEquals(1, noTopic.exitCode(), noTopic::toString);
        assertEquals(1, noTopic.err().lines().count(), noTopic::toString);
        assertTrue(noTopic.err().contains("nope"), noTopic::toString);
    }

    @Test
    void loadsAJobFromClasspath() throws IOException
    {
        // a job that is not on the test classpath: compiled here into its own directory
        final Path classes = Files.createDirectories(dir.resolve("job-classes"));
        final Path source = Files.createDirectories(dir.resolve("job-src/example")).resolve("Hello.java");
        Files.writeString(source, String.join("\n",
            "package example;",
            "public final class Hello implements dev.rill.engine.RillJob {",
            "    public dev.rill.engine.Pipeline build(dev.rill.engine.JobContext context) {",
            "        final dev.rill.engine.Pipeline p = dev.rill.engine.Pipeline.create(context.configBuilder().build());",
            "        final long n = Long.parseLong(context.args().get(0));",
            "        p.generatorStream(10, n).foreach(e -> context.out().println(\"event \" + e.sourceOffset()));",
            "        return p;",
            "    }",
            "}"));
        final JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        final ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        final int compiled = javac.run(null, diagnostics, diagnostics, "-cp", System.getProperty("java.class.path"),
            "-d", classes.toString(), source.toString());
        assertEquals(0, compiled, diagnostics::toString);

        final Cli cli = new Cli(dir.resolve("data"));
        final Cli.Result without = cli.run("run", "example.Hello", "3");
        assertEquals(2, without.exitCode(), without::toString);
        final Cli.Result r = cli.run("run", "--classpath", classes.toString(), "example.Hello", "3");
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals(List.of("event 0", "event 1", "event 2"), r.lines());
    }
}
