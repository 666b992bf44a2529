package dev.rill.log;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import net.openhft.chronicle.core.io.AbstractCloseable;
import net.openhft.chronicle.core.io.BackgroundResourceReleaser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Fails a test that leaves a queue, tailer or appender open (a {@link RillLog}, {@link Consumer} or topic not
 * closed), through Chronicle's closeable tracing, or that leaves a thread running that it started (a Chronicle
 * background thread, a producer or consumer thread of the test).
 */
abstract class LogTestBase
{
    /** Threads of the JDK and of the test framework that come and go on their own. */
    private static final List<String> IGNORED_THREAD_PREFIXES = List.of(
        "process reaper", "Attach Listener", "Common-Cleaner", "Signal Dispatcher", "Finalizer", "Reference Handler",
        "surefire-forkedjvm", "Notification Thread", "JFR", "junit-",
        // Chronicle's one process-wide daemon that releases mapped memory in the background; started once, never
        // stopped, so it is not a leak of the test that happened to start it.
        "background~resource~releaser",
        // Rill's one process-wide daemon that writes partition state files off the appending threads
        // (PartitionStateWriter): started once, never stopped.
        "rill-log-state");

    static
    {
        // Chronicle's CleaningThreadLocal tracks "orphans" only when assertions are on (its constructor calls the
        // tracking inside an assert), and every tracker scans all earlier ones: the cost grows with the square of
        // the queue files opened in the JVM. Production runs without -ea; the tests open thousands of files (each
        // crash iteration reopens every roll cycle) and would slow to a crawl. This must run before Chronicle
        // loads the class; every test that touches Chronicle extends this base.
        ClassLoader.getSystemClassLoader().setClassAssertionStatus(
            "net.openhft.chronicle.core.threads.CleaningThreadLocal", false);
    }

    private Set<Thread> threadsBefore;

    @BeforeEach
    void recordThreadsAndTraceCloseables()
    {
        threadsBefore = new HashSet<>(Thread.getAllStackTraces().keySet());
        AbstractCloseable.enableCloseableTracing();
    }

    @AfterEach
    void failOnLeakedQueuesAndThreads() throws InterruptedException
    {
        try
        {
            // Chronicle closes stores and mapped files on its background releaser thread: let it finish first.
            BackgroundResourceReleaser.releasePendingResources();
            AbstractCloseable.waitForCloseablesToClose(1_000);
            // Throws, naming where each was created, if a queue, tailer, appender or mapped file is still open.
            AbstractCloseable.assertCloseablesClosed();
        }
        finally
        {
            AbstractCloseable.disableCloseableTracing();
        }
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        List<String> leaked;
        do
        {
            leaked = new ArrayList<>();
            for (final Thread t : Thread.getAllStackTraces().keySet())
            {
                if (t.isAlive() && !threadsBefore.contains(t) && !isIgnored(t.getName()))
                {
                    leaked.add(t.getName() + (t.isDaemon() ? " (daemon)" : ""));
                }
            }
            if (leaked.isEmpty())
            {
                return;
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
        while (System.nanoTime() < deadlineNs);
        fail("test leaked threads: " + leaked);
    }

    private static boolean isIgnored(final String name)
    {
        for (final String prefix : IGNORED_THREAD_PREFIXES)
        {
            if (name.startsWith(prefix))
            {
                return true;
            }
        }
        return false;
    }
}
