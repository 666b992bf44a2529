package dev.rill.perf.w2;

/**
 * One engine of W2 run at one rate: start it, poll its sink until done, close it.
 */
interface W2Engine extends AutoCloseable
{
    /** @return the engine's name in reports and JSON. */
    String name();

    /** Starts releasing events; the first intended release time is a little after this call. */
    void start() throws Exception;

    /** @return the sink, to sample and to check for the end. */
    LatencySink sink();

    /** @return what stopped the engine's own release thread early, or null. */
    default Throwable failure()
    {
        return null;
    }

    /** Stops and releases everything (also when interrupted). */
    @Override
    void close() throws Exception;
}
