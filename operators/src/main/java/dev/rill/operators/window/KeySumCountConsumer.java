package dev.rill.operators.window;

/** Receives one key's window result: the exact sum of its values and the number of values. */
@FunctionalInterface
public interface KeySumCountConsumer
{
    void accept(long key, long sum, long count);
}
