package dev.rill.log;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A log directory: topics under {@code <dir>/topics/<name>}, committed consumer offsets under
 * {@code <dir>/groups}. Open it once per process and share it; close it to release every queue.
 * Thread-safe.
 *
 * <pre>{@code
 * try (RillLog log = RillLog.open(Path.of("rill-data")))
 * {
 *     Topic trades = log.createTopic("trades", TopicConfig.builder(4).build());
 *     AppendResult where = trades.producer().send("AAPL".getBytes(UTF_8), "100@187.5".getBytes(UTF_8));
 *     try (Consumer c = trades.consumer(ConsumerOptions.fromEarliest()))
 *     {
 *         c.poll(record -> System.out.println(record.offset() + " " + record.valueAsString()), 100);
 *     }
 * }
 * }</pre>
 */
public final class RillLog implements AutoCloseable
{
    private static final Pattern TOPIC_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,199}");

    private final Path dir;
    private final Path topicsDir;
    private final LogClock clock;
    private final OffsetStore offsets;
    private final Map<String, Topic> openTopics = new HashMap<>();
    private boolean closed;

    private RillLog(final Path dir, final LogClock clock)
    {
        this.dir = dir;
        this.topicsDir = dir.resolve("topics");
        this.clock = clock;
        this.offsets = new OffsetStore(dir.resolve("groups"));
    }

    /**
     * Open (creating if needed) a log directory with the system clock.
     *
     * @param dir the directory.
     * @return the log.
     */
    public static RillLog open(final Path dir)
    {
        return open(dir, LogClock.SYSTEM);
    }

    /**
     * Open (creating if needed) a log directory.
     *
     * @param dir   the directory.
     * @param clock clock for timestamps, roll cycles and retention.
     * @return the log.
     */
    public static RillLog open(final Path dir, final LogClock clock)
    {
        try
        {
            if (Files.exists(dir) && !Files.isDirectory(dir))
            {
                throw new LogException("log directory is not a directory: " + dir);
            }
            Files.createDirectories(dir.resolve("topics"));
        }
        catch (final IOException ex)
        {
            throw new LogException("cannot create log directory " + dir + ": " + ex.getMessage(), ex);
        }
        return new RillLog(dir, clock);
    }

    /**
     * @return the log directory.
     */
    public Path dir()
    {
        return dir;
    }

    /**
     * @return committed offsets of consumer groups.
     */
    public OffsetStore offsets()
    {
        return offsets;
    }

    /**
     * Create a topic. Atomic across processes: the topic directory appears with its metadata and partitions in
     * one rename, and of two processes creating the same topic at once exactly one succeeds.
     *
     * @param name   topic name: 1-200 of {@code [A-Za-z0-9._-]}, starting with a letter or digit.
     * @param config partitions and retention.
     * @return the open topic.
     * @throws TopicExistsException if it exists.
     */
    public synchronized Topic createTopic(final String name, final TopicConfig config)
    {
        ensureOpen();
        validateTopicName(name);
        final Path target = topicsDir.resolve(name);
        if (Files.exists(target))
        {
            throw new TopicExistsException(name, dir);
        }
        final Path tmp = topicsDir.resolve(".creating-" + name + "-" + UUID.randomUUID());
        try
        {
            Files.createDirectory(tmp);
            for (int p = 0; p < config.partitions(); p++)
            {
                Files.createDirectory(Topic.partitionDir(tmp, p));
            }
            config.writeTo(tmp);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            FileUtil.fsyncDirectory(topicsDir);
        }
        catch (final FileAlreadyExistsException | DirectoryNotEmptyException ex)
        {
            deleteQuietly(tmp);
            throw new TopicExistsException(name, dir);
        }
        catch (final AtomicMoveNotSupportedException ex)
        {
            deleteQuietly(tmp);
            throw new LogException("file system of " + dir + " cannot rename atomically; topic " + name +
                " not created", ex);
        }
        catch (final IOException ex)
        {
            deleteQuietly(tmp);
            // Another process won the race: Linux refuses to rename onto its non-empty directory with ENOTEMPTY,
            // which Java reports as a plain FileSystemException.
            if (Files.isDirectory(target))
            {
                throw new TopicExistsException(name, dir);
            }
            throw new LogException("cannot create topic " + name + " in " + dir + ": " + ex, ex);
        }
        return topic(name);
    }

    /**
     * @param name topic name.
     * @return the topic, opened once and shared.
     * @throws UnknownTopicException if it does not exist.
     * @throws NotATopicException if its directory is not a valid topic.
     */
    public synchronized Topic topic(final String name)
    {
        ensureOpen();
        validateTopicName(name);
        Topic topic = openTopics.get(name);
        if (topic == null)
        {
            final Path topicDir = topicsDir.resolve(name);
            if (!Files.isDirectory(topicDir))
            {
                throw new UnknownTopicException(name, dir);
            }
            final TopicConfig config = TopicConfig.readFrom(name, topicDir);
            topic = new Topic(this, name, topicDir, config, clock);
            openTopics.put(name, topic);
        }
        return topic;
    }

    /**
     * @param name topic name.
     * @return true if a directory for the topic exists.
     */
    public boolean hasTopic(final String name)
    {
        validateTopicName(name);
        return Files.isDirectory(topicsDir.resolve(name));
    }

    /**
     * @return names of the topics, sorted.
     */
    public List<String> topicNames()
    {
        final List<String> names = new ArrayList<>();
        try (Stream<Path> list = Files.list(topicsDir))
        {
            list.filter(Files::isDirectory)
                .map(p -> p.getFileName().toString())
                .filter(n -> !n.startsWith("."))
                .sorted()
                .forEach(names::add);
        }
        catch (final IOException ex)
        {
            throw new LogException("cannot list topics in " + topicsDir + ": " + ex.getMessage(), ex);
        }
        return names;
    }

    /**
     * Delete a topic. Committed group offsets for it stay (the topic may be created again).
     *
     * @param name topic name.
     * @throws UnknownTopicException if it does not exist.
     */
    public synchronized void deleteTopic(final String name)
    {
        ensureOpen();
        validateTopicName(name);
        final Path topicDir = topicsDir.resolve(name);
        if (!Files.isDirectory(topicDir))
        {
            throw new UnknownTopicException(name, dir);
        }
        final Topic open = openTopics.remove(name);
        if (open != null)
        {
            open.close();
        }
        final Path doomed = topicsDir.resolve(".deleting-" + name + "-" + UUID.randomUUID());
        try
        {
            Files.move(topicDir, doomed, StandardCopyOption.ATOMIC_MOVE);
            FileUtil.deleteRecursively(doomed);
        }
        catch (final IOException ex)
        {
            throw new LogException("cannot delete topic " + name + " in " + dir + ": " + ex, ex);
        }
    }

    static void validateTopicName(final String name)
    {
        if (name == null || !TOPIC_NAME.matcher(name).matches())
        {
            throw new IllegalArgumentException("invalid topic name '" + name +
                "': use 1-200 of [A-Za-z0-9._-], starting with a letter or digit");
        }
    }

    private void ensureOpen()
    {
        if (closed)
        {
            throw new IllegalStateException("log is closed: " + dir);
        }
    }

    private static void deleteQuietly(final Path p)
    {
        try
        {
            FileUtil.deleteRecursively(p);
        }
        catch (final IOException ignore)
        {
            // best effort: a leftover .creating- directory is ignored by topicNames()
        }
    }

    @Override
    public synchronized void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        for (final Topic t : openTopics.values())
        {
            t.close();
        }
        openTopics.clear();
    }
}
