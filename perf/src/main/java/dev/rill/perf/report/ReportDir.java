package dev.rill.perf.report;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * One results folder, {@code <out>/<yyyyMMdd-HHmmss>/}, created (and checked writable) before a run starts, so a
 * folder that cannot be written fails the run before any measuring.
 */
public final class ReportDir
{
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final Path dir;

    private ReportDir(final Path dir)
    {
        this.dir = dir;
    }

    /**
     * @param out the parent folder, created if missing.
     * @return the new folder named by the local time now (suffixed -2, -3... if it exists).
     * @throws IOException if it cannot be created or written.
     */
    public static ReportDir create(final Path out) throws IOException
    {
        final String stamp = LocalDateTime.now().format(STAMP);
        Path dir = out.resolve(stamp);
        for (int i = 2; Files.exists(dir); i++)
        {
            dir = out.resolve(stamp + "-" + i);
        }
        Files.createDirectories(dir);
        final Path probe = dir.resolve(".probe");
        Files.writeString(probe, "ok", StandardCharsets.UTF_8);
        Files.delete(probe);
        return new ReportDir(dir);
    }

    /**
     * @return the folder.
     */
    public Path dir()
    {
        return dir;
    }

    /**
     * @param name file name inside the folder.
     * @return its path.
     */
    public Path file(final String name)
    {
        return dir.resolve(name);
    }

    /**
     * @param name file name.
     * @param text UTF-8 content.
     * @throws IOException if it cannot be written.
     */
    public void write(final String name, final String text) throws IOException
    {
        Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }

    /**
     * Writes {@code <workload>.md} and {@code <workload>.json}, then prints the JSON (one line), or the Markdown and
     * the folder, on {@code out}, and flushes it.
     *
     * @param workload {@code w1}, {@code w2} or {@code w3}.
     * @param markdown the report as Markdown.
     * @param json     the report as one JSON object.
     * @param isJson   print the JSON rather than the Markdown.
     * @param out      where to print.
     * @throws IOException if a file cannot be written.
     */
    public void publish(final String workload, final String markdown, final String json, final boolean isJson,
        final PrintWriter out) throws IOException
    {
        write(workload + ".md", markdown);
        write(workload + ".json", json + "\n");
        if (isJson)
        {
            out.println(json);
        }
        else
        {
            out.print(markdown.endsWith("\n") ? markdown : markdown + "\n");
            out.println("report: " + dir);
        }
        out.flush();
    }
}
