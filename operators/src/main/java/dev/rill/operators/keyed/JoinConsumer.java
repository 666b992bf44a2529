package dev.rill.operators.keyed;

/**
 * Receives one joined pair. An absent side (Spark's {@code None} in outer joins) has its {@code has*} flag false and
 * its value 0; an inner join always passes both flags true.
 */
@FunctionalInterface
public interface JoinConsumer
{
    void accept(long key, long left, boolean hasLeft, long right, boolean hasRight);
}
