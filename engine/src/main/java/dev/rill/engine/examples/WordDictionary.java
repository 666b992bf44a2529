package dev.rill.engine.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import dev.rill.engine.EventFormatter;

/**
 * An interning dictionary for the word-count examples: each distinct word gets a dense {@code long} id (0, 1, 2, ...)
 * the first time it is seen, and the id is the event's key; printing maps the id back to its word.
 * <p>
 * Why not a 64-bit hash of the word: two words with the same hash would be counted as one, silently. Ids handed out
 * by a dictionary cannot collide. The price is one on-heap entry per distinct word for the pipeline's life (two
 * {@link ConcurrentHashMap} entries): fine for examples and small vocabularies, not for unbounded key spaces.
 * <p>
 * Thread-safety: any number of threads may call {@link #id} and {@link #word}. An id is written to both maps before
 * {@link #id} returns, and an event carrying the id reaches another stage only through a ring publish (a release),
 * so a later stage that reads the id always finds its word. Allocates on every new word and on every lookup by
 * string; not for hot paths.
 * <p>
 * Ids must survive a restart when they are kept in checkpointed state (the recoverable example): a
 * {@link #journaled(Path) journaled} dictionary appends each new word, one per line in UTF-8, to a file before its
 * id is returned, and reloads the file (line {@code n} = id {@code n}) when opened again. A word never holds a
 * newline (text sources split lines on it). The append is not fsynced: it survives a killed process, not a lost
 * machine.
 */
public final class WordDictionary
{
    private final ConcurrentHashMap<String, Long> ids = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Long, String> words = new ConcurrentHashMap<>();
    private final AtomicLong nextId = new AtomicLong();
    private final Path journal;

    /**
     * An in-memory dictionary.
     */
    public WordDictionary()
    {
        this.journal = null;
    }

    private WordDictionary(final Path journal)
    {
        this.journal = journal;
    }

    /**
     * @param file the journal: read if it exists, created otherwise, appended to for each new word.
     * @return a dictionary holding the journal's words with their ids.
     * @throws UncheckedIOException if the file cannot be read.
     */
    public static WordDictionary journaled(final Path file)
    {
        final WordDictionary dictionary = new WordDictionary(file);
        if (Files.exists(file))
        {
            try
            {
                final String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
                // only complete lines count: a word whose append was cut short never got its id out
                final int end = text.lastIndexOf('\n');
                if (end >= 0)
                {
                    for (final String word : text.substring(0, end).split("\n", -1))
                    {
                        final long id = dictionary.nextId.getAndIncrement();
                        dictionary.ids.put(word, id);
                        dictionary.words.put(id, word);
                    }
                }
                if (end + 1 != text.length())
                {
                    Files.write(file, text.substring(0, end + 1).getBytes(StandardCharsets.UTF_8));
                }
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException("cannot read word dictionary " + file, ex);
            }
        }
        return dictionary;
    }

    /**
     * @param word a word.
     * @return its id, assigned now if the word is new.
     */
    public long id(final String word)
    {
        return ids.computeIfAbsent(word, w ->
        {
            // computeIfAbsent runs once per key; the counter keeps ids unique across keys computed concurrently
            final long id = journal == null ? nextId.getAndIncrement() : appendTakingId(w);
            words.put(id, w);
            return id;
        });
    }

    private synchronized long appendTakingId(final String word)
    {
        // two new words may be computed concurrently (different bins): the journal must list them in id order, so
        // the id is taken and the line written under one lock
        try
        {
            Files.write(journal, (word + "\n").getBytes(StandardCharsets.UTF_8), StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
            return nextId.getAndIncrement();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot append to word dictionary " + journal, ex);
        }
    }

    /**
     * @param id an id from {@link #id}.
     * @return its word.
     * @throws IllegalArgumentException for an id this dictionary did not hand out.
     */
    public String word(final long id)
    {
        final String word = words.get(id);
        if (word == null)
        {
            throw new IllegalArgumentException("no word with id " + id + " (" + words.size() + " words known)");
        }
        return word;
    }

    /**
     * @return distinct words seen.
     */
    public int size()
    {
        return words.size();
    }

    /**
     * @return Spark's tuple text of a (word id, count in {@code long0}) record: {@code (word,3)}.
     */
    public EventFormatter pairFormatter()
    {
        return (event, out) -> out.append('(').append(word(event.key())).append(',').append(event.long0()).append(')');
    }
}
