package dev.rill.engine;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.rill.engine.internal.Metered;

/**
 * The operator of {@link EventStream#parse(Codec, Function, MalformedPolicy)}: decodes the byte area as a UTF-8
 * line, runs the parser, and encodes the result into the same event with the codec (the input is this stage's own
 * slot or scratch event, so rewriting it in place is safe). It is a filter underneath, so it fuses like one: a
 * skipped line is dropped. A line is malformed when the parser throws or returns null: with
 * {@link MalformedPolicy#FAIL} the pipeline fails naming the operator, the source, the line's number (offset) and
 * the line; with {@link MalformedPolicy#SKIP} it is dropped and counted ({@code malformedSkipped}), and the first
 * one is logged. Shared by the shards of its stage, so the counter is atomic (it only moves on bad input).
 *
 * @param <T> the parsed type.
 */
final class LineParseFilter<T> implements EventFilter, Metered
{
    private static final Logger LOG = LoggerFactory.getLogger(LineParseFilter.class);
    private static final int MAX_QUOTED_CHARS = 80;

    private final Codec<T> codec;
    private final Function<String, ? extends T> parser;
    private final MalformedPolicy policy;
    private final AtomicLong malformedSkipped = new AtomicLong();
    private volatile String name = "parse";

    LineParseFilter(final Codec<T> codec, final Function<String, ? extends T> parser, final MalformedPolicy policy)
    {
        this.codec = Objects.requireNonNull(codec, "codec");
        this.parser = Objects.requireNonNull(parser, "parser");
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    void name(final String name)
    {
        this.name = name;
    }

    @Override
    public boolean test(final Event event)
    {
        final String line = event.bytes().getStringWithoutLengthUtf8(0, event.bytesLength());
        final T value;
        try
        {
            value = parser.apply(line);
            if (value == null)
            {
                throw new IllegalArgumentException("parser returned null");
            }
        }
        catch (final RuntimeException ex)
        {
            final String detail = "malformed line \"" + quote(line) + "\": " + ex;
            if (policy == MalformedPolicy.FAIL)
            {
                throw new PipelineException(name, event.sourceName(), event.sourcePartition(), event.sourceOffset(),
                    detail + " (MalformedPolicy.FAIL; SKIP drops and counts such lines)", ex);
            }
            if (malformedSkipped.incrementAndGet() == 1)
            {
                LOG.warn("{} skipped (and counts as malformedSkipped) a {} from source={}, partition={}, offset={}; " +
                    "further ones are only counted", name, detail, event.sourceName(), event.sourcePartition(),
                    event.sourceOffset());
            }
            return false;
        }
        codec.encode(value, event);
        return true;
    }

    private static String quote(final String line)
    {
        return line.length() <= MAX_QUOTED_CHARS ? line : line.substring(0, MAX_QUOTED_CHARS) + "...";
    }

    @Override
    public String metricsName()
    {
        return name;
    }

    @Override
    public Map<String, Long> counters()
    {
        final Map<String, Long> counters = new LinkedHashMap<>();
        counters.put("malformedSkipped", malformedSkipped.get());
        return counters;
    }

    @Override
    public String status()
    {
        return "malformed lines: " + policy;
    }
}
