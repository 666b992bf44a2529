package dev.rill.tools;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import picocli.CommandLine;

/**
 * Runs {@code rill} in-process against a data directory, with standard input from a string and stdout and
 * stderr captured.
 */
final class Cli
{
    private final Path dir;

    Cli(final Path dir)
    {
        this.dir = dir;
    }

    Result run(final String... args)
    {
        return runWithInput(new byte[0], args);
    }

    Result runWithInput(final String stdin, final String... args)
    {
        return runWithInput(stdin.getBytes(StandardCharsets.UTF_8), args);
    }

    Result runWithInput(final byte[] stdin, final String... args)
    {
        final List<String> all = new ArrayList<>(List.of("--dir", dir.toString()));
        all.addAll(Arrays.asList(args));
        return execute(new Rill(new ByteArrayInputStream(stdin), Map.of()), all.toArray(new String[0]));
    }

    static Result execute(final Rill rill, final String... args)
    {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final CommandLine commandLine = Rill.commandLine(rill);
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        final int exitCode = commandLine.execute(args);
        return new Result(exitCode, out.toString(), err.toString());
    }

    /**
     * What a command did.
     *
     * @param exitCode its exit code.
     * @param out      what it printed on stdout.
     * @param err      what it printed on stderr.
     */
    record Result(int exitCode, String out, String err)
    {
        List<String> lines()
        {
            return out.lines().toList();
        }

        @Override
        public String toString()
        {
            return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }
}
