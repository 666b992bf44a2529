package dev.rill.engine.examples;

import java.util.Objects;

import dev.rill.engine.Emitter;
import dev.rill.engine.Event;
import dev.rill.engine.EventFlatMapper;

/**
 * Spark's {@code lines.flatMap(_.split(" ")).map(word => (word, 1))} for the word-count examples: one output per
 * word of the line (UTF-8 in the byte area), key = the word's id in a {@link WordDictionary}, {@code long0} = 1,
 * byte area emptied. Words are split as Java's (and Scala's) {@code String.split(" ")}: consecutive spaces give
 * empty words, trailing ones are dropped; an empty line is one empty word, as in Spark's Scala example.
 * <p>
 * A line of the engine's text sources holds at most 64 bytes, so it yields at most 64 words, within the default
 * {@code maxOutputsPerInput}. Allocates a string per line: an example, not a hot path.
 */
public final class WordSplitter implements EventFlatMapper
{
    private final WordDictionary dictionary;

    /**
     * @param dictionary where words get their ids.
     */
    public WordSplitter(final WordDictionary dictionary)
    {
        this.dictionary = Objects.requireNonNull(dictionary, "dictionary");
    }

    @Override
    public void flatMap(final Event in, final Emitter out)
    {
        final String line = in.bytes().getStringWithoutLengthUtf8(0, in.bytesLength());
        for (final String word : line.split(" "))
        {
            final Event e = out.claim();
            e.key(dictionary.id(word)).long0(1);
            e.bytesLength(0);
            out.emit();
        }
    }
}
