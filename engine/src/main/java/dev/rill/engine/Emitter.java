package dev.rill.engine;

/**
 * Where a {@link EventFlatMapper} sends its outputs: {@link #claim()} an event, fill it, {@link #emit()} it.
 * The next operators run inside {@code emit()}, so the claimed event may be reused at once. Allocation-free.
 */
public interface Emitter
{
    /**
     * @return the output event, holding a copy of the input event.
     */
    Event claim();

    /**
     * Send the claimed event downstream.
     */
    void emit();
}
