package dev.rill.perf.maps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import dev.rill.perf.BenchProgress;
import dev.rill.perf.HarnessOutput;

class MapComparisonTest
{
    @TempDir
    Path tmp;

    private final StringWriter err = new StringWriter();

    private int run(final String... args)
    {
        final PrintWriter errWriter = new PrintWriter(err, true);
        final HarnessOutput io = new HarnessOutput(new PrintWriter(new StringWriter(), true), errWriter,
            BenchProgress.notes(errWriter, "maps: "), "MapComparison");
        return new CommandLine(new MapComparison(io)).execute(args);
    }

    private Path onlyReport(final Path out) throws IOException
    {
        final List<Path> dirs;
        try (Stream<Path> files = Files.list(out))
        {
            dirs = files.collect(Collectors.toList());
        }
        assertEquals(1, dirs.size(), "one results folder: " + dirs);
        return dirs.get(0);
    }

    @Test
    void everyMapDoesTheSameWorkInProcessAndTheReportSaysSo() throws IOException
    {
        final Path out = tmp.resolve("out");
        assertEquals(0, run("--in-process", "--updates", "60000", "--keys", "100,5000", "--warmup-updates", "5000",
            "--runs", "2", "--out", out.toString()), err.toString());
        final Path dir = onlyReport(out);
        final String md = Files.readString(dir.resolve("maps.md"));
        final String json = Files.readString(dir.resolve("maps.json"));
        for (final CounterMap.Kind kind : CounterMap.Kind.values())
        {
            assertTrue(md.contains("| 100 | " + kind.title() + " | 100 |"), md);
            assertTrue(md.contains("| 5,000 | " + kind.title() + " | "), md);
            assertTrue(json.contains("\"map\":\"" + kind.option() + "\""), json);
        }
        assertTrue(json.startsWith("{\"workload\":\"maps\",\"events\":60000,\"complete\":true,"), json);
        assertTrue(!md.contains("FAILED") && !md.contains("PARTIAL"), md);
        assertTrue(md.contains("the run with the median updates/s of 2 runs"), md);
        assertEquals(16, json.split("\"updatesPerSecond\"", -1).length - 1, "2 runs x 4 maps x 2 key counts: " + json);
    }

    @Test
    void eachMapRunsInAChildJvm() throws IOException
    {
        final Path out = tmp.resolve("out");
        assertEquals(0, run("--updates", "20000", "--keys", "1000", "--maps", "long-keyed-state,hash-map",
            "--warmup-updates", "0", "--heap", "256m", "--out", out.toString()), err.toString());
        final String json = Files.readString(onlyReport(out).resolve("maps.json"));
        assertTrue(json.contains("\"freshJvmPerMap\":true") && json.contains("\"map\":\"long-keyed-state\"") &&
            json.contains("\"map\":\"hash-map\"") && json.contains("\"heapMaxBytes\":268435456"), json);
    }

    @Test
    void differentResultsAreFound()
    {
        final CellResult a = result("long-keyed-state", 1000, 632, 0x1234L, 10_000);
        assertNull(MapComparison.check(List.of(a, result("hash-map", 1000, 632, 0x1234L, 10_000)), 1000, 10_000));
        final String checksum = MapComparison.check(List.of(a, result("hash-map", 1000, 632, 0x1235L, 10_000)),
            1000, 10_000);
        assertNotNull(checksum);
        assertTrue(checksum.contains("hash-map") && checksum.contains("1235") && checksum.contains("long-keyed-state"),
            checksum);
        final String size = MapComparison.check(List.of(a, result("long2long", 1000, 631, 0x1234L, 10_000)), 1000,
            10_000);
        assertTrue(size != null && size.contains("long2long ended with 631 keys"), size);
        final String lost = MapComparison.check(List.of(a, result("long2long", 1000, 632, 0x1234L, 9_999)), 1000,
            10_000);
        assertTrue(lost != null && lost.contains("long2long over 1000 keys: counts sum to 9999, not 10000"), lost);
        // another key count's results are not compared with these
        assertNull(MapComparison.check(List.of(a, result("hash-map", 10, 10, 0x99L, 10_000)), 1000, 10_000));
    }

    @Test
    void resultLineRoundTrips()
    {
        final CellResult r = new CellResult("bytes-keyed-state", 10_000_000, 10_000_000, 6_321_155, -5L, 10_000_000,
            123_456_789L, 1L << 20, 1L << 21, 1L << 30, 12, 345, 67, 3L << 30, 4L << 30,
            "G1 Young Generation (end of minor GC)");
        assertEquals(r, CellResult.parse(r.toLine()));
    }

    @Test
    void keySequenceCoversTheKeySpaceAndNothingElse()
    {
        final boolean[] seen = new boolean[1000];
        for (long i = 0; i < 100_000; i++)
        {
            final long key = CounterMap.key(i, 1000);
            assertTrue(key >= 0 && key < 1000, "key " + key + " at " + i);
            seen[(int)key] = true;
        }
        for (int k = 0; k < seen.length; k++)
        {
            assertTrue(seen[k], "key " + k + " never drawn");
        }
        for (long i = 0; i < 10_000; i++)
        {
            assertEquals(0, CounterMap.key(i, 1));
            final long key = CounterMap.key(i, Integer.MAX_VALUE);
            assertTrue(key >= 0 && key < Integer.MAX_VALUE, "key " + key);
        }
    }

    @Test
    void badArgumentsExitWithTwoNamingTheArgument()
    {
        assertEquals(2, run("--keys", "1000,0", "--out", tmp.toString()));
        assertTrue(err.toString().contains("--keys must all be > 0: [1000, 0]"), err.toString());
        assertEquals(2, run("--maps", "long-keyed-state,treemap", "--out", tmp.toString()));
        assertTrue(err.toString().contains("unknown map: treemap (maps: long-keyed-state, bytes-keyed-state, " +
            "hash-map, long2long)"), err.toString());
        assertEquals(2, run("--updates", "0", "--out", tmp.toString()));
        assertTrue(err.toString().contains("updates=0"), err.toString());
        assertEquals(2, run("--heap", "lots", "--out", tmp.toString()));
        assertTrue(err.toString().contains("--heap must be a -Xmx size such as 4g or 512m: lots"), err.toString());
        assertEquals(2, run("--format", "xml", "--out", tmp.toString()));
        assertEquals(2, run("--runs", "0", "--out", tmp.toString()));
        assertTrue(err.toString().contains("runs=0"), err.toString());
    }

    private static CellResult result(final String map, final int keys, final int size, final long checksum,
        final long countSum)
    {
        return new CellResult(map, keys, 10_000, size, checksum, countSum, 1_000_000L, 0, 0, 0, 0, 0, 0, 0, 0, "");
    }
}
