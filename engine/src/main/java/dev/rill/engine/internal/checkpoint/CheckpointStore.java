package dev.rill.engine.internal.checkpoint;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * The checkpoint directory: {@code chk-<id>/} per checkpoint, with one state file per stage shard and a
 * {@code MANIFEST} once complete. The manifest is UTF-8 text, written to {@code MANIFEST.tmp}, fsynced, renamed
 * (atomic move) and the directory fsynced:
 * <pre>
 *   rill-checkpoint-manifest 1
 *   id=7
 *   shape=&lt;the pipeline's shape fingerprint, one line&gt;
 *   file=s0-0.state length=118 crc32c=1a2b3c4d
 *   file=s1-0.state length=4123 crc32c=99aa0011
 *   crc32c=&lt;CRC32C of every line above, newlines included, hex&gt;
 * </pre>
 * A checkpoint without a readable manifest is partial: ignored, and deleted by {@link #retain}.
 */
public final class CheckpointStore
{
    /** Name of a complete checkpoint's manifest. */
    public static final String MANIFEST = "MANIFEST";
    private static final String HEADER = "rill-checkpoint-manifest 1";

    private final Path dir;

    /**
     * @param dir the checkpoint directory.
     */
    public CheckpointStore(final Path dir)
    {
        this.dir = dir;
    }

    /**
     * @return the directory.
     */
    public Path dir()
    {
        return dir;
    }

    /**
     * Creates the directory and checks it can be written, naming it if not.
     */
    public void checkWritable()
    {
        try
        {
            Files.createDirectories(dir);
            final Path probe = dir.resolve(".probe");
            Files.write(probe, new byte[] {1});
            Files.delete(probe);
        }
        catch (final IOException | UnsupportedOperationException ex)
        {
            throw new IllegalStateException("checkpoint directory is not writable: " + dir + " (" + ex + ")", ex);
        }
    }

    Path checkpointDir(final long id)
    {
        return dir.resolve("chk-" + id);
    }

    static String stateFileName(final int stage, final int shard)
    {
        return "s" + stage + "-" + shard + ".state";
    }

    /**
     * Writes and fsyncs one state file.
     */
    static void writeFile(final Path file, final byte[] bytes, final int length)
    {
        try
        {
            Files.createDirectories(file.getParent());
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING))
            {
                final ByteBuffer buffer = ByteBuffer.wrap(bytes, 0, length);
                while (buffer.hasRemaining())
                {
                    channel.write(buffer);
                }
                channel.force(true);
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write checkpoint file " + file, ex);
        }
    }

    /**
     * Writes the manifest of a checkpoint whose state files are all on disk: tmp, fsync, rename, fsync dir.
     */
    void writeManifest(final long id, final String shape, final Map<String, long[]> files)
    {
        final StringBuilder text = new StringBuilder(HEADER).append('\n');
        text.append("id=").append(id).append('\n');
        text.append("shape=").append(shape).append('\n');
        for (final Map.Entry<String, long[]> file : files.entrySet())
        {
            text.append("file=").append(file.getKey()).append(" length=").append(file.getValue()[0])
                .append(" crc32c=").append(Long.toHexString(file.getValue()[1])).append('\n');
        }
        final long bodyCrc = crc(text.toString());
        text.append("crc32c=").append(Long.toHexString(bodyCrc)).append('\n');
        final Path chk = checkpointDir(id);
        final Path tmp = chk.resolve(MANIFEST + ".tmp");
        final byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        writeFile(tmp, bytes, bytes.length);
        try
        {
            Files.move(tmp, chk.resolve(MANIFEST), StandardCopyOption.ATOMIC_MOVE);
            try (FileChannel d = FileChannel.open(chk, StandardOpenOption.READ))
            {
                d.force(true);
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot publish checkpoint manifest in " + chk, ex);
        }
    }

    private static long crc(final String text)
    {
        final CRC32C crc = new CRC32C();
        crc.update(text.getBytes(StandardCharsets.UTF_8));
        return crc.getValue();
    }

    /**
     * @return ids of checkpoints with a manifest, newest first.
     */
    public List<Long> completeIds()
    {
        final List<Long> ids = new ArrayList<>();
        for (final long id : allIds())
        {
            if (Files.isRegularFile(checkpointDir(id).resolve(MANIFEST)))
            {
                ids.add(id);
            }
        }
        return ids;
    }

    private List<Long> allIds()
    {
        final List<Long> ids = new ArrayList<>();
        if (!Files.isDirectory(dir))
        {
            return ids;
        }
        try (Stream<Path> list = Files.list(dir))
        {
            list.forEach(p ->
            {
                final String name = p.getFileName().toString();
                if (name.startsWith("chk-"))
                {
                    try
                    {
                        ids.add(Long.parseLong(name.substring(4)));
                    }
                    catch (final NumberFormatException ignored)
                    {
                        // not ours
                    }
                }
            });
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot list checkpoint directory " + dir, ex);
        }
        ids.sort(Comparator.reverseOrder());
        return ids;
    }

    /**
     * Reads and checks a checkpoint: the manifest's own CRC, then every file's length and CRC32C.
     *
     * @return the loaded checkpoint.
     * @throws IllegalStateException naming the file that is missing or damaged.
     */
    public LoadedCheckpoint load(final long id)
    {
        final Path chk = checkpointDir(id);
        final Path manifest = chk.resolve(MANIFEST);
        final List<String> lines;
        try
        {
            lines = Files.readAllLines(manifest, StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("cannot read checkpoint manifest " + manifest + ": " + ex, ex);
        }
        if (lines.size() < 4 || !lines.get(0).equals(HEADER) || !lines.get(lines.size() - 1).startsWith("crc32c="))
        {
            throw new IllegalStateException("checkpoint manifest " + manifest + " is damaged (bad header or end)");
        }
        final String body = String.join("\n", lines.subList(0, lines.size() - 1)) + "\n";
        if (!Long.toHexString(crc(body)).equals(lines.get(lines.size() - 1).substring(7)))
        {
            throw new IllegalStateException("checkpoint manifest " + manifest + " fails its CRC32C check");
        }
        final String shape = lines.get(2).substring("shape=".length());
        final Map<String, byte[]> files = new LinkedHashMap<>();
        for (final String line : lines.subList(3, lines.size() - 1))
        {
            final String[] parts = line.split(" ");
            final String name = parts[0].substring("file=".length());
            final long length = Long.parseLong(parts[1].substring("length=".length()));
            final Path file = chk.resolve(name);
            final byte[] bytes;
            try
            {
                bytes = Files.readAllBytes(file);
            }
            catch (final IOException ex)
            {
                throw new IllegalStateException("checkpoint " + id + ": manifest names missing file " + file, ex);
            }
            if (bytes.length != length)
            {
                throw new IllegalStateException("checkpoint " + id + ": state file " + file + " has " +
                    bytes.length + " bytes, the manifest says " + length + " (truncated)");
            }
            StateFileDescriptor.read(bytes, file.toString());
            files.put(name, bytes);
        }
        return new LoadedCheckpoint(id, shape, files);
    }

    /**
     * Keeps the newest {@code keep} complete checkpoints; deletes older ones and partial ones older than the newest
     * complete one.
     */
    void retain(final int keep)
    {
        final List<Long> complete = completeIds();
        if (complete.isEmpty())
        {
            return;
        }
        final long newest = complete.get(0);
        int kept = 0;
        for (final long id : allIds())
        {
            final boolean isComplete = complete.contains(id);
            if (isComplete && kept < keep)
            {
                kept++;
                continue;
            }
            if (isComplete || id < newest)
            {
                deleteTree(checkpointDir(id));
            }
        }
    }

    /**
     * Deletes every partial checkpoint (no manifest): at recovery, before new ones are written.
     */
    public void deletePartial()
    {
        for (final long id : allIds())
        {
            if (!Files.isRegularFile(checkpointDir(id).resolve(MANIFEST)))
            {
                deleteTree(checkpointDir(id));
            }
        }
    }

    private static void deleteTree(final Path path)
    {
        try (Stream<Path> walk = Files.walk(path))
        {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot delete " + path, ex);
        }
    }

    /** A checkpoint read and checked. */
    public static final class LoadedCheckpoint
    {
        private final long id;
        private final String shape;
        private final Map<String, byte[]> files;

        LoadedCheckpoint(final long id, final String shape, final Map<String, byte[]> files)
        {
            this.id = id;
            this.shape = shape;
            this.files = files;
        }

        /** @return the checkpoint id. */
        public long id()
        {
            return id;
        }

        /** @return the shape fingerprint it was written with. */
        public String shape()
        {
            return shape;
        }

        byte[] file(final int stage, final int shard)
        {
            return files.get(stateFileName(stage, shard));
        }
    }
}
