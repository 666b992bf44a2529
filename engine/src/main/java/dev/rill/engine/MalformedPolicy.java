package dev.rill.engine;

/**
 * What {@link EventStream#parse(Codec, java.util.function.Function, MalformedPolicy)} does with a line its parser
 * rejects (throws, or returns null). Never silent.
 */
public enum MalformedPolicy
{
    /** Fail the pipeline with an error naming the operator, the source, the line number (offset) and the line. */
    FAIL,
    /** Drop the line and count it ({@code malformedSkipped} in {@link Pipeline#metrics()}); the first is logged. */
    SKIP
}
