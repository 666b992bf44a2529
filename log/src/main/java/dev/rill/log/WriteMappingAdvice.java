package dev.rill.log;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.bytes.BytesStore;
import net.openhft.chronicle.bytes.MappedBytesStore;
import net.openhft.posix.MAdviseFlag;
import net.openhft.posix.PosixAPI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns kernel read-ahead off ({@code madvise(MADV_RANDOM)}) for each memory-mapped chunk a partition's writer
 * appends into.
 * <p>
 * Why: a new queue file is sparse, and the first write to a page of it is a page fault that reads the page in. With
 * read-ahead on, Linux reads (zeroes) a whole read-ahead window of the hole in that one fault: measured on this
 * project's ext4 VMs, the appending thread stopped for about 20 ms every 8 MiB written
 * ({@code perf record}: {@code filemap_fault → page_cache_ra_order → ext4_mpage_readpages → memset}), which an
 * open-loop latency measurement charges to every record queued behind it. With the advice each fault zeroes one page,
 * so the same work is spread evenly over the appends. The advice is per mapping and only the writer's chunks get it;
 * once a chunk is written its pages are in the page cache.
 * <p>
 * Set {@code -Drill.log.writeMappingAdvice=false} to leave the kernel's default. Where {@code madvise} is not
 * available (not Linux) the first failure is logged once at debug level and nothing further is tried.
 * <p>
 * Single writer: called under the partition's write lock. Allocates nothing after a chunk has been advised; one
 * reference comparison per append.
 */
final class WriteMappingAdvice
{
    static final boolean ENABLED = Boolean.parseBoolean(System.getProperty("rill.log.writeMappingAdvice", "true"));
    private static final Logger LOG = LoggerFactory.getLogger(WriteMappingAdvice.class);
    private static final long PAGE = 4096;

    private BytesStore<?, ?> advised;
    private long advisedAddress;
    private boolean unavailable = !ENABLED;

    /**
     * @param bytes the bytes a document is being written into.
     */
    void onWrite(final Bytes<?> bytes)
    {
        if (unavailable)
        {
            return;
        }
        final BytesStore<?, ?> store = bytes.bytesStore();
        if (store != advised)
        {
            advise(store);
        }
    }

    /**
     * @return the start of the mapping last advised, 0 if none: tests look it up in {@code /proc/self/smaps}.
     */
    long advisedAddress()
    {
        return advisedAddress;
    }

    private void advise(final BytesStore<?, ?> store)
    {
        advised = store;
        if (!(store instanceof MappedBytesStore))
        {
            return;
        }
        final MappedBytesStore mapped = (MappedBytesStore)store;
        try
        {
            final long address = mapped.addressForRead(mapped.start());
            final long pageStart = address & -PAGE;
            // the whole mapping: the chunk and the overlap after it, which a document crossing the chunk's end uses
            final long length = (address - pageStart + mapped.capacity() - mapped.start()) & -PAGE;
            final int rc = PosixAPI.posix().madvise(pageStart, length, MAdviseFlag.MADV_RANDOM);
            if (rc != 0)
            {
                giveUp("madvise returned " + rc);
                return;
            }
            advisedAddress = pageStart;
        }
        catch (final RuntimeException | LinkageError ex)
        {
            giveUp(ex.toString());
        }
    }

    private void giveUp(final String why)
    {
        unavailable = true;
        LOG.debug("write mappings keep the kernel's read-ahead: {}", why);
    }
}
