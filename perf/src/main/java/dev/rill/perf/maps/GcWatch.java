package dev.rill.perf.maps;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

import com.sun.management.GarbageCollectionNotificationInfo;
import com.sun.management.GcInfo;

/**
 * The garbage collections of a stretch of code, from the JDK's GC notifications
 * ({@link GarbageCollectionNotificationInfo}, no JFR): {@link #start()} notes each collector's count, {@link #stop()}
 * notes them again and waits (with a deadline) until the notification of every collection in between has arrived,
 * then {@link #count()}, {@link #totalMs()}, {@link #maxMs()} and {@link #heapPeakBytes()} describe those.
 * <p>
 * Durations are the notification's {@link GcInfo#getDuration()}, in whole milliseconds. With G1 on JDK 17 the
 * collectors reporting are "G1 Young Generation" (young and mixed pauses) and "G1 Old Generation" (full GCs); the
 * remark and cleanup pauses of a concurrent cycle are not reported by any collector bean. Thread-safe: notifications
 * arrive on a JDK service thread.
 */
final class GcWatch implements AutoCloseable
{
    private static final long STOP_WAIT_NS = 10_000_000_000L;

    private final List<GarbageCollectorMXBean> collectors = ManagementFactory.getGarbageCollectorMXBeans();
    private final Set<String> heapPools = new HashSet<>();
    private final List<GarbageCollectionNotificationInfo> received = new ArrayList<>();
    private final NotificationListener listener = this::onNotification;
    private long[] countsAtStart;
    private boolean summarised;
    private long[] countsAtStop;
    private int count;
    private long totalMs;
    private long maxMs;
    private long heapPeakBytes;
    private final List<String> collectorsSeen = new ArrayList<>();

    /** Subscribes to every collector's notifications. */
    GcWatch()
    {
        for (final MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans())
        {
            if (pool.getType() == MemoryType.HEAP)
            {
                heapPools.add(pool.getName());
            }
        }
        for (final GarbageCollectorMXBean gc : collectors)
        {
            ((NotificationEmitter)gc).addNotificationListener(listener, null, null);
        }
    }

    private void onNotification(final Notification notification, final Object handback)
    {
        if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType()))
        {
            final GarbageCollectionNotificationInfo info =
                GarbageCollectionNotificationInfo.from((CompositeData)notification.getUserData());
            synchronized (this)
            {
                // only the window's collections are kept: the full GCs that measure the heap before and after must
                // not find these objects in it
                if (countsAtStart != null && !summarised && afterStart(info))
                {
                    received.add(info);
                    notifyAll();
                }
            }
        }
    }

    /** Notes where each collector's count stands. */
    synchronized void start()
    {
        countsAtStart = counts();
    }

    /**
     * Notes the counts again and gathers the collections in between; later collections are ignored.
     *
     * @throws IllegalStateException if their notifications have not all arrived within 10 s.
     */
    void stop()
    {
        countsAtStop = counts();
        final long deadline = System.nanoTime() + STOP_WAIT_NS;
        synchronized (this)
        {
            while (!allReceived())
            {
                final long leftMs = (deadline - System.nanoTime()) / 1_000_000;
                if (leftMs <= 0)
                {
                    throw new IllegalStateException("GC notifications missing after 10 s: counts " +
                        Arrays.toString(countsAtStart) + " -> " + Arrays.toString(countsAtStop) +
                        ", received " + received.size());
                }
                try
                {
                    wait(leftMs);
                }
                catch (final InterruptedException ex)
                {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted waiting for GC notifications", ex);
                }
            }
            for (final GarbageCollectionNotificationInfo info : received)
            {
                if (inWindow(info))
                {
                    final long ms = info.getGcInfo().getDuration();
                    count++;
                    totalMs += ms;
                    maxMs = Math.max(maxMs, ms);
                    heapPeakBytes = Math.max(heapPeakBytes, heapUsed(info.getGcInfo().getMemoryUsageBeforeGc()));
                    final String name = info.getGcName() + " (" + info.getGcAction() + ")";
                    if (!collectorsSeen.contains(name))
                    {
                        collectorsSeen.add(name);
                    }
                }
            }
            summarised = true;
            received.clear();
        }
    }

    private long[] counts()
    {
        final long[] counts = new long[collectors.size()];
        for (int i = 0; i < counts.length; i++)
        {
            counts[i] = collectors.get(i).getCollectionCount();
        }
        return counts;
    }

    private int index(final String gcName)
    {
        for (int i = 0; i < collectors.size(); i++)
        {
            if (collectors.get(i).getName().equals(gcName))
            {
                return i;
            }
        }
        return -1;
    }

    private boolean afterStart(final GarbageCollectionNotificationInfo info)
    {
        final int i = index(info.getGcName());
        return i >= 0 && info.getGcInfo().getId() > countsAtStart[i];
    }

    /** A collection is in the window if its id (the collector's count after it) is past the start, up to the stop. */
    private boolean inWindow(final GarbageCollectionNotificationInfo info)
    {
        final int i = index(info.getGcName());
        final long id = info.getGcInfo().getId();
        return i >= 0 && id > countsAtStart[i] && id <= countsAtStop[i];
    }

    private boolean allReceived()
    {
        long wanted = 0;
        for (int i = 0; i < countsAtStop.length; i++)
        {
            wanted += countsAtStop[i] - countsAtStart[i];
        }
        long have = 0;
        for (final GarbageCollectionNotificationInfo info : received)
        {
            have += inWindow(info) ? 1 : 0;
        }
        return have >= wanted;
    }

    private long heapUsed(final Map<String, MemoryUsage> pools)
    {
        long used = 0;
        for (final Map.Entry<String, MemoryUsage> e : pools.entrySet())
        {
            if (heapPools.contains(e.getKey()))
            {
                used += e.getValue().getUsed();
            }
        }
        return used;
    }

    /** @return collections in the window. */
    synchronized int count()
    {
        return count;
    }

    /** @return their summed durations, ms. */
    synchronized long totalMs()
    {
        return totalMs;
    }

    /** @return the longest, ms. */
    synchronized long maxMs()
    {
        return maxMs;
    }

    /** @return the largest heap used just before one of them, bytes (0 if none). */
    synchronized long heapPeakBytes()
    {
        return heapPeakBytes;
    }

    /** @return collector names with their action, e.g. {@code G1 Young Generation (end of minor GC)}. */
    synchronized List<String> collectorsSeen()
    {
        return List.copyOf(collectorsSeen);
    }

    @Override
    public void close()
    {
        for (final GarbageCollectorMXBean gc : collectors)
        {
            try
            {
                ((NotificationEmitter)gc).removeNotificationListener(listener);
            }
            catch (final ListenerNotFoundException ex)
            {
                // never added: nothing to remove
            }
        }
    }
}
