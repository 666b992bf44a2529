package dev.rill.operators.window;

/** Receives one key's window result. */
@FunctionalInterface
public interface KeyValueConsumer
{
    void accept(long key, long value);
}
