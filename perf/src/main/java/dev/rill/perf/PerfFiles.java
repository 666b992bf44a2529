package dev.rill.perf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Directories of benchmark logs: benchmarks write gigabytes, so every run deletes what it wrote, and a run stopped by
 * Ctrl-C or SIGTERM deletes them from a shutdown hook (the JVM halts when its hooks are done, so the harness's own
 * {@code finally} never runs). Thread-safe.
 */
public final class PerfFiles
{
    private PerfFiles()
    {
    }

    /**
     * @param prefix name prefix.
     * @return a new temporary directory.
     */
    public static Path newTempDir(final String prefix)
    {
        try
        {
            return deleteAtExit(Files.createTempDirectory(prefix));
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot create a temporary directory: " + ex.getMessage(), ex);
        }
    }

    /**
     * @param dir a directory of benchmark files.
     * @return it, to be deleted by a shutdown hook if the JVM stops before {@link #deleteRecursively} deletes it.
     */
    public static Path deleteAtExit(final Path dir)
    {
        AtExit.DIRS.add(dir);
        return dir;
    }

    /**
     * Delete a directory and everything under it; nothing happens if it does not exist.
     *
     * @param dir the directory.
     */
    public static void deleteRecursively(final Path dir)
    {
        if (dir == null)
        {
            return;
        }
        AtExit.DIRS.remove(dir);
        if (!Files.exists(dir))
        {
            return;
        }
        try
        {
            Files.walkFileTree(dir, new VanishingFilesSkipped()
            {
                @Override
                public FileVisitResult visitFile(final Path file, final BasicFileAttributes attrs) throws IOException
                {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(final Path d, final IOException ex) throws IOException
                {
                    if (ex != null)
                    {
                        throw ex;
                    }
                    Files.delete(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot delete " + dir + ": " + ex.getMessage(), ex);
        }
    }

    /**
     * @param dir a directory.
     * @return bytes its files take on disk (allocated blocks, so sparse files count what they use).
     */
    public static long diskBytes(final Path dir)
    {
        final long[] total = {0};
        try
        {
            Files.walkFileTree(dir, new VanishingFilesSkipped()
            {
                @Override
                public FileVisitResult visitFile(final Path file, final BasicFileAttributes attrs) throws IOException
                {
                    Object blocks;
                    try
                    {
                        blocks = Files.getAttribute(file, "unix:blocks");
                    }
                    catch (final NoSuchFileException ex)
                    {
                        return FileVisitResult.CONTINUE;
                    }
                    catch (final UnsupportedOperationException | IllegalArgumentException ex)
                    {
                        blocks = null;
                    }
                    total[0] += blocks instanceof Number ? ((Number)blocks).longValue() * 512 : attrs.size();
                    return FileVisitResult.CONTINUE;
                }
            });
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot measure " + dir + ": " + ex.getMessage(), ex);
        }
        return total[0];
    }

    /**
     * Write every file under {@code dir} to disk ({@code fsync}), so that the kernel's writeback of a topic written
     * just before a measurement does not start in the middle of it (dirty pages are written back after about 30 s,
     * taking CPU time on a 2-core machine).
     *
     * @param dir a directory.
     */
    public static void forceToDisk(final Path dir)
    {
        try
        {
            Files.walkFileTree(dir, new VanishingFilesSkipped()
            {
                @Override
                public FileVisitResult visitFile(final Path file, final BasicFileAttributes attrs) throws IOException
                {
                    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ))
                    {
                        channel.force(true);
                    }
                    catch (final NoSuchFileException ex)
                    {
                        // renamed or deleted since the listing (below)
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write " + dir + " to disk: " + ex.getMessage(), ex);
        }
    }

    /**
     * Skips a file that is gone by the time the walk reaches it: a log that is open writes its partition state
     * files on a thread of its own, through a temporary file that it then renames, so a walk of its directory may
     * list a file that has been renamed before it is visited.
     */
    private static class VanishingFilesSkipped extends SimpleFileVisitor<Path>
    {
        @Override
        public FileVisitResult visitFileFailed(final Path file, final IOException ex) throws IOException
        {
            if (ex instanceof NoSuchFileException)
            {
                return FileVisitResult.CONTINUE;
            }
            throw ex;
        }
    }

    /** The directories left to delete at exit; the hook is installed with the first one. */
    private static final class AtExit
    {
        static final Set<Path> DIRS = ConcurrentHashMap.newKeySet();

        static
        {
            Runtime.getRuntime().addShutdownHook(new Thread(() ->
            {
                for (final Path dir : DIRS)
                {
                    try
                    {
                        deleteRecursively(dir);
                    }
                    catch (final UncheckedIOException ex)
                    {
                        // a writer of the stopped run may still add files: what is left is named, not hidden
                        System.err.println("rill perf: " + ex.getMessage());
                    }
                }
            }, "rill-perf-delete-at-exit"));
        }

        private AtExit()
        {
        }
    }
}
