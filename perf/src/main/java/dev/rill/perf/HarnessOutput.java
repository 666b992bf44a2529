package dev.rill.perf;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * Where a workload harness writes: its report (the Markdown table or the JSON object), its error lines
 * ({@code "<name>: <what was wrong>"}) and its progress. Immutable; the writers are shared with the caller.
 *
 * @param report   report text or JSON.
 * @param err      error lines.
 * @param progress plan, events done and step notes.
 * @param name     the command's name in error lines ({@code W1Benchmark}, or {@code rill} under {@code rill bench}).
 */
public record HarnessOutput(PrintWriter report, PrintWriter err, BenchProgress progress, String name)
{
    /**
     * @param name       the harness's name in error lines.
     * @param notePrefix put before each step note, e.g. {@code "W1: "}.
     * @return report on {@code System.out}, errors and notes on {@code System.err}: the harness's own {@code main}.
     */
    public static HarnessOutput system(final String name, final String notePrefix)
    {
        final PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        return new HarnessOutput(new PrintWriter(System.out, true, StandardCharsets.UTF_8), err,
            BenchProgress.notes(err, notePrefix), name);
    }
}
