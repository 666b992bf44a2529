package dev.rill.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Small file helpers with the durability the log promises.
 */
final class FileUtil
{
    private FileUtil()
    {
    }

    /**
     * Write, fsync, rename over the target, fsync the directory: a reader sees the old or the new content, never a
     * mix, and the new content survives a crash once this returns.
     */
    static void writeAtomically(final Path target, final byte[] content) throws IOException
    {
        final Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING))
        {
            final ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining())
            {
                ch.write(buffer);
            }
            ch.force(true);
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        fsyncDirectory(target.getParent());
    }

    static void fsyncDirectory(final Path dir)
    {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ))
        {
            ch.force(true);
        }
        catch (final IOException ignore)
        {
            // Some file systems refuse to open a directory; the rename is still atomic there.
        }
    }

    static void deleteRecursively(final Path dir) throws IOException
    {
        if (!Files.exists(dir))
        {
            return;
        }
        try (var paths = Files.walk(dir))
        {
            final Path[] all = paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toArray(Path[]::new);
            for (final Path p : all)
            {
                Files.deleteIfExists(p);
            }
        }
    }
}
