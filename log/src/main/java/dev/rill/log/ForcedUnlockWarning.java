package dev.rill.log;

import net.openhft.chronicle.core.Jvm;
import net.openhft.chronicle.core.onoes.ExceptionHandler;
import net.openhft.chronicle.core.onoes.ThreadLocalisedExceptionHandler;
import org.slf4j.Logger;

/**
 * Runs a deliberate {@code forceUnlock()} of a Chronicle lock without Chronicle's "Forced unlock" warning and its
 * stack trace: the log has already said, in one line, which lock it takes over from which dead writer, and a user
 * restarting after {@code kill -9} should not see a stack trace for the expected recovery. Only that warning, only on
 * the calling thread and only during the call, is dropped; every other warning goes where it went before.
 */
final class ForcedUnlockWarning implements ExceptionHandler
{
    private static final String PREFIX = "Forced unlock";

    private final ExceptionHandler delegate;

    private ForcedUnlockWarning(final ExceptionHandler delegate)
    {
        this.delegate = delegate;
    }

    /**
     * @param forcedUnlock the unlock to run.
     */
    static void withoutIt(final Runnable forcedUnlock)
    {
        final ExceptionHandler warn = Jvm.warn();
        if (!(warn instanceof ThreadLocalisedExceptionHandler))
        {
            forcedUnlock.run();
            return;
        }
        final ThreadLocalisedExceptionHandler handlers = (ThreadLocalisedExceptionHandler)warn;
        final ExceptionHandler before = handlers.threadLocalHandler();
        handlers.threadLocalHandler(new ForcedUnlockWarning(before != null ? before : handlers.defaultHandler()));
        try
        {
            forcedUnlock.run();
        }
        finally
        {
            if (before == null)
            {
                handlers.resetThreadLocalHandler();
            }
            else
            {
                handlers.threadLocalHandler(before);
            }
        }
    }

    @Override
    public void on(final Class<?> clazz, final String message, final Throwable thrown)
    {
        if (message == null || !message.startsWith(PREFIX))
        {
            delegate.on(clazz, message, thrown);
        }
    }

    @Override
    public void on(final Logger logger, final String message, final Throwable thrown)
    {
        if (message == null || !message.startsWith(PREFIX))
        {
            delegate.on(logger, message, thrown);
        }
    }
}
