package dev.rill.engine;

import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A stream of user objects over an {@link EventStream}: each operator decodes the record with the stream's
 * {@link Codec}, runs the user's function on the object, and encodes the result with the output codec. The
 * operators are ordinary {@link EventStream} operators underneath, so they fuse and are planned like any other;
 * {@link #events()} returns to the primitive stream (for boundaries and batch operations). A decode (and an encode
 * for {@code map}) per record allocates: use {@link EventStream} on hot paths.
 * <pre>
 * pipeline.queueStream(queue).typed(Codec.utf8())
 *     .map(Codec.utf8(), String::toUpperCase)
 *     .filter(s -&gt; s.startsWith("A"))
 *     .print(10);
 * </pre>
 *
 * @param <T> the object type.
 */
public final class TypedStream<T>
{
    private final EventStream events;
    private final Codec<T> codec;

    TypedStream(final EventStream events, final Codec<T> codec)
    {
        this.events = events;
        this.codec = codec;
    }

    /**
     * @return the primitive stream underneath, with records printed as the decoded objects' {@code toString}.
     */
    public EventStream events()
    {
        final Codec<T> textCodec = codec;
        return events.format((event, out) -> out.append(textCodec.decode(event)));
    }

    /**
     * @return this stream's codec.
     */
    public Codec<T> codec()
    {
        return codec;
    }

    /**
     * @param outCodec how the results are stored.
     * @param mapper   the function.
     * @param <R>      result type.
     * @return the mapped stream, same stage.
     */
    public <R> TypedStream<R> map(final Codec<R> outCodec, final Function<? super T, ? extends R> mapper)
    {
        Objects.requireNonNull(outCodec, "outCodec");
        Objects.requireNonNull(mapper, "mapper");
        final Codec<T> inCodec = codec;
        return new TypedStream<>(events.map((in, out) -> outCodec.encode(mapper.apply(inCodec.decode(in)), out)),
            outCodec);
    }

    /**
     * @param predicate keeps the records it returns true for.
     * @return the filtered stream, same stage.
     */
    public TypedStream<T> filter(final Predicate<? super T> predicate)
    {
        Objects.requireNonNull(predicate, "predicate");
        final Codec<T> inCodec = codec;
        return new TypedStream<>(events.filter(event -> predicate.test(inCodec.decode(event))), codec);
    }

    /**
     * Output operation: call {@code consumer} with each decoded record.
     *
     * @param consumer the callback.
     */
    public void foreach(final Consumer<? super T> consumer)
    {
        Objects.requireNonNull(consumer, "consumer");
        final Codec<T> inCodec = codec;
        events.foreach(event -> consumer.accept(inCodec.decode(event)));
    }

    /**
     * Output operation: {@link EventStream#print(int)} with each record written as its object's {@code toString}.
     *
     * @param num records printed per batch.
     */
    public void print(final int num)
    {
        events().print(num);
    }
}
