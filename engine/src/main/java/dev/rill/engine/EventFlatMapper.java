package dev.rill.engine;

/**
 * A flatMap step: zero or more outputs per input, at most {@link PipelineConfig#maxOutputsPerInput()} per input
 * record for the whole stage (so that the stage can reserve ring room before it takes an input).
 */
@FunctionalInterface
public interface EventFlatMapper
{
    /**
     * @param in  the input event, read only.
     * @param out where to send outputs.
     */
    void flatMap(Event in, Emitter out);
}
