package dev.rill.tools;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * Bytes written to a {@link PrintWriter}: what a job prints through its {@code PrintStream} goes to the command's
 * output writer (stdout, or a test's buffer). Bytes are held until a newline or a flush, then decoded as UTF-8 and
 * written: a {@link PrintStream} hands over a whole string or line at once, so characters are not split. Callers
 * synchronise through the {@code PrintStream} made by {@link #printStream(PrintWriter)}.
 */
final class WriterOutputStream extends OutputStream
{
    private final PrintWriter writer;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream(256);

    private WriterOutputStream(final PrintWriter writer)
    {
        this.writer = writer;
    }

    /**
     * @param writer the command's output.
     * @return a UTF-8 print stream writing into it, flushed at each line.
     */
    static PrintStream printStream(final PrintWriter writer)
    {
        return new PrintStream(new WriterOutputStream(writer), true, StandardCharsets.UTF_8);
    }

    @Override
    public void write(final int b)
    {
        pending.write(b);
        if (b == '\n')
        {
            drain();
        }
    }

    @Override
    public void write(final byte[] b, final int off, final int len)
    {
        pending.write(b, off, len);
        if (len > 0 && b[off + len - 1] == '\n')
        {
            drain();
        }
    }

    @Override
    public void flush()
    {
        drain();
        writer.flush();
    }

    @Override
    public void close()
    {
        flush();
    }

    private void drain()
    {
        if (pending.size() > 0)
        {
            writer.write(pending.toString(StandardCharsets.UTF_8));
            pending.reset();
        }
    }
}
