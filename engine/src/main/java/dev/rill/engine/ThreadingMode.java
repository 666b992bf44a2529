package dev.rill.engine;

/**
 * How a pipeline's stages are run.
 */
public enum ThreadingMode
{
    /** One thread per stage shard (an Agrona {@code AgentRunner}), with the stage's wait strategy. */
    DEDICATED,
    /**
     * No threads: the caller runs duty cycles by hand with {@link Pipeline#step()}, {@link Pipeline#stepStage(int)}
     * and {@link Pipeline#runUntilIdle()}, so a whole pipeline runs deterministically on one thread.
     */
    STEPPING
}
