package dev.rill.perf.w3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.rill.perf.HarnessOutput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class W3BenchmarkTest
{
    @TempDir
    Path tmp;

    @Test
    void smallRunChecksBothEnginesAndWritesTheReport() throws IOException
    {
        final Path logs = tmp.resolve("logs");
        final Path out = tmp.resolve("out");
        final int code = new CommandLine(new W3Benchmark(HarnessOutput.system("W3Benchmark", "W3 "))).execute("--records", "20000", "--seeks", "20",
            "--seek-length", "500", "--runs", "2", "--warmup-records", "5000", "--block-size", "16m",
            "--dir", logs.toString(), "--out", out.toString());
        assertEquals(0, code);
        final List<Path> reports;
        try (Stream<Path> files = Files.list(out))
        {
            reports = files.collect(Collectors.toList());
        }
        assertEquals(1, reports.size(), "one results folder: " + reports);
        final String report = Files.readString(reports.get(0).resolve("w3.md"));
        final String json = Files.readString(reports.get(0).resolve("w3.json"));
        assertTrue(json.startsWith("{\"workload\":\"w3\",\"events\":20000,\"complete\":true,\"records\":20000," +
            "\"checksum\":"), json);
        assertTrue(json.contains("{\"engine\":\"rill\",\"eventsPerSecond\":") &&
            json.contains("{\"engine\":\"raw-chronicle\",\"eventsPerSecond\":"), json);
        assertTrue(report.contains("| append | 20,000 |"), report);
        assertTrue(report.contains("| replay from random offsets | 10,000 |"), report);
        assertTrue(!report.contains("DIFFERENT") && !report.contains("FAILED"), report);
        try (Stream<Path> left = Files.list(logs))
        {
            assertEquals(0, left.count(), "every run's files deleted");
        }
    }

    @Test
    void rawExcerptsPaddedToRillsRecordSizeStillCheckOut()
    {
        final int code = new CommandLine(new W3Benchmark(HarnessOutput.system("W3Benchmark", "W3 "))).execute("--records", "5000", "--seeks", "5",
            "--seek-length", "100", "--runs", "1", "--warmup-records", "1000", "--block-size", "16m",
            "--raw-pad-bytes", "32", "--dir", tmp.resolve("logs").toString(), "--out", tmp.resolve("out").toString());
        assertEquals(0, code);
    }

    @Test
    void badArgumentsExitWithTwo()
    {
        assertEquals(2, new CommandLine(new W3Benchmark(HarnessOutput.system("W3Benchmark", "W3 "))).execute("--records", "0"));
        assertEquals(2, new CommandLine(new W3Benchmark(HarnessOutput.system("W3Benchmark", "W3 "))).execute("--records", "10", "--seek-length", "11"));
        assertEquals(2, new CommandLine(new W3Benchmark(HarnessOutput.system("W3Benchmark", "W3 "))).execute("--block-size", "lots"));
    }

    @Test
    void sizesParse()
    {
        assertEquals(1L << 30, W3Benchmark.parseSize("1g"));
        assertEquals(64L << 20, W3Benchmark.parseSize("64M"));
        assertEquals(4096, W3Benchmark.parseSize("4096"));
        assertThrows(IllegalArgumentException.class, () -> W3Benchmark.parseSize("x"));
    }

    @Test
    void seekOffsetsAreSeededAndLeaveRoomForTheReadAfterThem()
    {
        final long[] a = W3Benchmark.seekOffsets(1000, 5000, 100, 42);
        final long[] b = W3Benchmark.seekOffsets(1000, 5000, 100, 42);
        assertEquals(List.of(a[0], a[999]), List.of(b[0], b[999]));
        for (final long o : a)
        {
            assertTrue(o >= 0 && o + 100 <= 5000, "offset " + o);
        }
    }
}
