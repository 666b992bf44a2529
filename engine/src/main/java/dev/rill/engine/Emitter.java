package dev.rill.engine;

/**
 * Where a {@link EventFlatMapper} sends its outputs: {@link #claim()} an event, fill it, {@link #emit()} it.
 * The next operators run inside {@code emit()}, so the claimed event may be reused at once. Allocation-free.
 */
public interface Emitter
{
    /**
     * @return the output event: in a flatMap, holding a copy of the input event; in a transform, cleared and
     * stamped with the batch time.
     */
    Event claim();

    /**
     * Send the claimed event downstream.
     */
    void emit();
}
