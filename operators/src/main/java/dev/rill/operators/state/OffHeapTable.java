package dev.rill.operators.state;

import org.agrona.UnsafeApi;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The open-addressing table shared by {@link LongKeyedState} and {@link BytesKeyedState}: one specialisation of
 * linear probing, backward-shift deletion and incremental growth, so the two key types do not each carry a copy.
 *
 * <p>Every entry is {@code entryLength} bytes and starts with a non-zero 64-bit <em>word</em>: the key itself for
 * long keys, the key's hash for byte keys. A word of {@link #EMPTY} marks a free position, so a zeroed table is an
 * empty table. The one entry whose word would be {@link #EMPTY} lives in a separate side row addressed by
 * {@link #SIDE_SLOT}.
 *
 * <pre>
 *   entry at position p, offset p * entryLength:
 *   +----------------+---------------------------------------------+
 *   | word (8 bytes) | payload (entryLength - 8 bytes)             |
 *   +----------------+---------------------------------------------+
 * </pre>
 *
 * <p>Growth never rehashes everything at once. From 60 % load the next table (twice the capacity) is allocated and
 * zeroed a chunk per structural operation; at 70 % load it becomes the primary table and the old one is drained a
 * few positions per structural operation ({@link #MIGRATION_WORK_PER_OP}), from its top position down, and shrunk
 * (realloc) as it drains, so that not even its free is one long pause. While draining, a key lives in exactly one
 * of the two tables and lookups probe both. Positions above the migration cursor of the old table are all empty
 * (and may be freed), and every change to the old table is a backward-shift deletion, which keeps it a valid
 * linear-probing table: a deletion's shift chain runs forward from the deleted position and stops at the first empty
 * position, so it never fills a position above the cursor.
 *
 * <p>Slots: positions of the primary table are slots {@code [0, primaryCapacity)}, positions of the old table are
 * slots {@code primaryCapacity + position}, the side row is {@link #SIDE_SLOT}. A slot is valid until the next
 * structural operation ({@link #getOrInsert}, {@link #remove}, {@link #clear}).
 *
 * <p>Single writer, not thread-safe. Allocates on the heap only when constructed; off-heap memory is taken with
 * {@code malloc} (via Agrona's {@link UnsafeApi}) so that a new table's zeroing can be spread over operations instead
 * of being one pause, and freed by {@link #close()}.
 */
final class OffHeapTable implements AutoCloseable
{
    /** Word of a free position. */
    static final long EMPTY = 0L;
    /** Slot of the side row holding the entry whose word is {@link #EMPTY}. */
    static final int SIDE_SLOT = Integer.MAX_VALUE;
    static final int WORD_LENGTH = Long.BYTES;

    static final int MIN_CAPACITY = 8;
    static final int MAX_CAPACITY = 1 << 30;
    static final int LOAD_PERCENT = 70;
    static final int PREPARE_PERCENT = 60;
    /**
     * Positions of the old table visited (each empty position skipped or entry moved counts one) per structural
     * operation. Draining visits at most {@code C} positions and moves at most {@code 0.7 C} entries, and the next
     * preparation starts {@code 0.5 C} inserts later, so 8 leaves the migration done well before it is needed.
     */
    static final int MIGRATION_WORK_PER_OP = 8;
    static final int MIN_ZEROING_CHUNK_BYTES = 4096;
    /**
     * The old table is shrunk (realloc) each time this many bytes above the migration cursor are empty: freeing a
     * large table in one call costs about 30 ms per 400 MB in the kernel, spread this way over many operations
     * (one realloc per about 340 operations with 24-byte entries).
     */
    static final int SHRINK_CHUNK_BYTES = 64 * 1024;

    /** Matches the key of the entry at {@code entryOffset} against the probe the caller has set up. */
    interface KeyMatcher
    {
        boolean matches(UnsafeBuffer table, int entryOffset);
    }

    private final String owner;
    private final int entryLength;
    private final long maxOffHeapBytes;
    private final int maxCapacity;

    private UnsafeBuffer primary = new UnsafeBuffer(new byte[0]);
    private long primaryAddress;
    private int primaryCapacity;
    private int primaryMask;
    private int primaryCount;
    private int resizeThreshold;
    private int prepareThreshold;

    private UnsafeBuffer old = new UnsafeBuffer(new byte[0]);
    private long oldAddress;
    private long oldBytes;
    private int oldCapacity;
    private int oldMask;
    private int oldCount;
    private int migrationCursor;
    private boolean isMigrating;

    private long preparedAddress;
    private int preparedCapacity;
    private long preparedZeroedBytes;
    private boolean isPreparationBlocked;

    private final UnsafeBuffer side = new UnsafeBuffer(new byte[0]);
    private long sideAddress;
    private boolean isSideOccupied;

    private long offHeapBytes;
    private int iterationDepth;
    private boolean isClosed;

    /**
     * @param owner           type name used in error messages.
     * @param entryLength     bytes per entry including the 8-byte word, a multiple of 8.
     * @param expectedKeys    keys to hold without growing.
     * @param maxOffHeapBytes limit on all off-heap memory of this table, old and prepared tables included.
     */
    OffHeapTable(final String owner, final int entryLength, final int expectedKeys, final long maxOffHeapBytes)
    {
        if (entryLength < WORD_LENGTH || (entryLength & 7) != 0)
        {
            throw new IllegalArgumentException(owner + ": entry length " + entryLength + " bytes is not a multiple of 8");
        }
        if (expectedKeys < 0)
        {
            throw new IllegalArgumentException(owner + ": expected keys must not be negative: " + expectedKeys);
        }
        if (maxOffHeapBytes <= 0)
        {
            throw new IllegalArgumentException(owner + ": off-heap limit must be positive: " + maxOffHeapBytes);
        }
        this.owner = owner;
        this.entryLength = entryLength;
        this.maxOffHeapBytes = maxOffHeapBytes;
        // UnsafeBuffer addresses at most Integer.MAX_VALUE bytes, which bounds one table.
        this.maxCapacity = Math.min(MAX_CAPACITY, Integer.highestOneBit(Integer.MAX_VALUE / entryLength));

        final long wanted = Math.max(MIN_CAPACITY, ((long)expectedKeys * 100 + LOAD_PERCENT - 1) / LOAD_PERCENT + 1);
        if (wanted > maxCapacity)
        {
            throw new IllegalArgumentException(owner + ": expected keys " + expectedKeys +
                " exceed the maximum capacity of " + maxCapacity + " slots for " + entryLength + "-byte entries");
        }
        final int capacity = (int)Math.min(maxCapacity, Long.highestOneBit(wanted - 1) << 1);

        final long address = allocate((long)capacity * entryLength, 0);
        UnsafeApi.setMemory(address, (long)capacity * entryLength, (byte)0);
        installPrimary(address, capacity);
        try
        {
            sideAddress = allocate(entryLength, 0);
        }
        catch (final RuntimeException ex)
        {
            free(address, (long)capacity * entryLength);
            throw ex;
        }
        side.wrap(sideAddress, entryLength);
        side.setMemory(0, entryLength, (byte)0);
    }

    int entryLength()
    {
        return entryLength;
    }

    /** @return keys held, side row included. */
    int size()
    {
        return primaryCount + oldCount + (isSideOccupied ? 1 : 0);
    }

    /** @return slots of the primary table (the old table, while draining, is not counted). */
    long capacity()
    {
        return primaryCapacity;
    }

    long offHeapBytes()
    {
        return offHeapBytes;
    }

    boolean isMigrating()
    {
        return isMigrating;
    }

    /** @return slot of the key, or -1. Does no migration work, so it never moves entries. */
    int find(final long word, final KeyMatcher matcher)
    {
        checkOpen();
        if (word == EMPTY)
        {
            return isSideOccupied ? SIDE_SLOT : -1;
        }
        final int pos = probePrimary(word, matcher);
        if (pos >= 0)
        {
            return pos;
        }
        if (isMigrating)
        {
            final int oldPos = probeOld(word, matcher);
            if (oldPos >= 0)
            {
                return primaryCapacity + oldPos;
            }
        }
        return -1;
    }

    /**
     * @return slot of the key if it was present, or {@code ~slot} (negative) if it was inserted now with its
     * payload zeroed and its word written; the caller writes the rest of a new entry's key.
     */
    int getOrInsert(final long word, final KeyMatcher matcher)
    {
        checkStructural();
        if (word == EMPTY)
        {
            if (isSideOccupied)
            {
                return SIDE_SLOT;
            }
            side.setMemory(0, entryLength, (byte)0);
            isSideOccupied = true;
            return ~SIDE_SLOT;
        }
        maintain();
        int pos = probePrimary(word, matcher);
        if (pos >= 0)
        {
            return pos;
        }
        if (isMigrating)
        {
            final int oldPos = probeOld(word, matcher);
            if (oldPos >= 0)
            {
                return primaryCapacity + oldPos;
            }
        }
        if (primaryCount + oldCount >= resizeThreshold)
        {
            grow();
            pos = probe(primary, primaryMask, word, matcher);
        }
        final int freePos = ~pos;
        final int offset = freePos * entryLength;
        primary.setMemory(offset + WORD_LENGTH, entryLength - WORD_LENGTH, (byte)0);
        primary.putLong(offset, word);
        primaryCount++;
        return ~freePos;
    }

    boolean remove(final long word, final KeyMatcher matcher)
    {
        checkStructural();
        if (word == EMPTY)
        {
            final boolean wasOccupied = isSideOccupied;
            isSideOccupied = false;
            return wasOccupied;
        }
        maintain();
        final int pos = probe(primary, primaryMask, word, matcher);
        if (pos >= 0)
        {
            removeAt(primary, primaryMask, primaryMask, pos);
            primaryCount--;
            return true;
        }
        if (isMigrating)
        {
            final int oldPos = probeOld(word, matcher);
            if (oldPos >= 0)
            {
                removeAt(old, oldMask, migrationCursor, oldPos);
                oldCount--;
                return true;
            }
        }
        return false;
    }

    /**
     * Empties the table like {@link #clear()}, first replacing the primary table by a larger empty one if
     * {@code expectedKeys} would take it past the growth-preparation load ({@link #PREPARE_PERCENT}); never shrinks.
     * For a table refilled with about as many keys each round (a window's pane): without it, every round that ends
     * just above 60 % load allocates and zeroes the next table, then frees it here.
     *
     * @param expectedKeys keys the next round is expected to insert.
     */
    void clear(final int expectedKeys)
    {
        checkStructural();
        final long wanted = ((long)expectedKeys * 100 + PREPARE_PERCENT - 1) / PREPARE_PERCENT + 1;
        if (wanted <= primaryCapacity || primaryCapacity >= maxCapacity)
        {
            clear();
            return;
        }
        final int capacity = (int)Math.min(maxCapacity, Long.highestOneBit(wanted - 1) << 1);
        final long bytes = (long)capacity * entryLength;
        if (isMigrating)
        {
            endMigration();
        }
        freePrepared();
        isPreparationBlocked = false;
        if (offHeapBytes + bytes > maxOffHeapBytes)
        {
            clear(); // no room for both tables under the limit: keep the current one, as a plain clear does
            return;
        }
        // allocated before the current table is freed: a failed allocation leaves a valid (full) table behind
        final long address = allocate(bytes, expectedKeys);
        free(primaryAddress, (long)primaryCapacity * entryLength);
        UnsafeApi.setMemory(address, bytes, (byte)0);
        installPrimary(address, capacity);
        primaryCount = 0;
        isSideOccupied = false;
    }

    /**
     * @return the off-heap address of the entry at the slot (valid until the next structural operation); the
     * caller has checked that the table is open.
     */
    long entryAddress(final int slot)
    {
        if (slot < primaryCapacity)
        {
            return primaryAddress + (long)slot * entryLength;
        }
        return slot == SIDE_SLOT ? sideAddress : oldAddress + (long)(slot - primaryCapacity) * entryLength;
    }

    /** Empties the table in O(capacity): zeroes the primary table and frees the old and prepared ones. */
    void clear()
    {
        checkStructural();
        primary.setMemory(0, primaryCapacity * entryLength, (byte)0);
        primaryCount = 0;
        isSideOccupied = false;
        if (isMigrating)
        {
            endMigration();
        }
        freePrepared();
        isPreparationBlocked = false;
    }

    UnsafeBuffer bufferOf(final int slot)
    {
        if (slot < primaryCapacity)
        {
            return primary;
        }
        return slot == SIDE_SLOT ? side : old;
    }

    int entryOffset(final int slot)
    {
        if (slot < primaryCapacity)
        {
            return slot * entryLength;
        }
        return slot == SIDE_SLOT ? 0 : (slot - primaryCapacity) * entryLength;
    }

    long word(final int slot)
    {
        return bufferOf(slot).getLong(entryOffset(slot));
    }

    /**
     * @param previous a slot returned by this method, or -1 to start.
     * @return the next occupied slot in the order primary table, old table, side row; or -1 after the last.
     */
    int nextSlot(final int previous)
    {
        if (previous == SIDE_SLOT)
        {
            return -1;
        }
        final UnsafeBuffer primary = this.primary;
        final int entryLength = this.entryLength;
        final int primaryCapacity = this.primaryCapacity;
        int slot = previous + 1;
        for (; slot < primaryCapacity; slot++)
        {
            if (primary.getLong(slot * entryLength) != EMPTY)
            {
                return slot;
            }
        }
        if (isMigrating)
        {
            final UnsafeBuffer old = this.old;
            for (int pos = slot - primaryCapacity, last = migrationCursor; pos <= last; pos++)
            {
                if (old.getLong(pos * entryLength) != EMPTY)
                {
                    return primaryCapacity + pos;
                }
            }
        }
        return isSideOccupied ? SIDE_SLOT : -1;
    }

    void beginIteration()
    {
        checkOpen();
        iterationDepth++;
    }

    void endIteration()
    {
        iterationDepth--;
    }

    /** Frees all off-heap memory; later calls fail instead of touching freed memory. Idempotent. */
    @Override
    public void close()
    {
        if (isClosed)
        {
            return;
        }
        isClosed = true;
        if (isMigrating)
        {
            endMigration();
        }
        freePrepared();
        free(primaryAddress, (long)primaryCapacity * entryLength);
        primaryAddress = 0;
        free(sideAddress, entryLength);
        sideAddress = 0;
        // Point every view at an empty array: a stale slot now fails a bounds check instead of reading freed memory.
        primary = new UnsafeBuffer(new byte[0]);
        old = new UnsafeBuffer(new byte[0]);
        side.wrap(new byte[0]);
        primaryCapacity = 0;
        primaryCount = 0;
        isSideOccupied = false;
    }

    boolean isClosed()
    {
        return isClosed;
    }

    /**
     * Writes an exact image of the table (layout, so iteration order, included) for a checkpoint:
     * <pre>
     *   int entryLength | int primaryCapacity | int primaryCount | byte flags (1 side occupied, 2 migrating,
     *   4 preparation blocked) | side row (entryLength bytes) | primary table (primaryCapacity * entryLength bytes)
     *   | if migrating: int oldCapacity | int oldCount | int migrationCursor | old table positions
     *   [0, migrationCursor] ((migrationCursor + 1) * entryLength bytes)
     * </pre>
     * The prepared (pre-zeroed) next table is not written: it is only zeroed memory, made again when needed.
     * All numbers little-endian (Agrona's native order on x86/ARM).
     *
     * @return the offset after the image.
     */
    int writeTo(final org.agrona.MutableDirectBuffer buffer, final int offset)
    {
        checkOpen();
        int at = offset;
        buffer.putInt(at, entryLength);
        buffer.putInt(at + 4, primaryCapacity);
        buffer.putInt(at + 8, primaryCount);
        buffer.putByte(at + 12, (byte)((isSideOccupied ? 1 : 0) | (isMigrating ? 2 : 0) | (isPreparationBlocked ? 4 : 0)));
        at += 13;
        buffer.putBytes(at, side, 0, entryLength);
        at += entryLength;
        buffer.putBytes(at, primary, 0, primaryCapacity * entryLength);
        at += primaryCapacity * entryLength;
        if (isMigrating)
        {
            buffer.putInt(at, oldCapacity);
            buffer.putInt(at + 4, oldCount);
            buffer.putInt(at + 8, migrationCursor);
            at += 12;
            buffer.putBytes(at, old, 0, (migrationCursor + 1) * entryLength);
            at += (migrationCursor + 1) * entryLength;
        }
        return at;
    }

    /**
     * Replaces this table's content with an image written by {@link #writeTo}.
     *
     * @return the offset after the image.
     * @throws IllegalArgumentException if the image's entry length differs or its sizes are inconsistent.
     */
    int readFrom(final org.agrona.DirectBuffer buffer, final int offset)
    {
        checkStructural();
        int at = offset;
        final int imageEntryLength = buffer.getInt(at);
        final int capacity = buffer.getInt(at + 4);
        final int count = buffer.getInt(at + 8);
        final byte flags = buffer.getByte(at + 12);
        at += 13;
        if (imageEntryLength != entryLength || capacity < MIN_CAPACITY || Integer.bitCount(capacity) != 1 ||
            capacity > maxCapacity || count < 0 || count > capacity)
        {
            throw new IllegalArgumentException(owner + ": bad image: entry length " + imageEntryLength + " (expected " +
                entryLength + "), capacity " + capacity + ", count " + count);
        }
        if (isMigrating)
        {
            endMigration();
        }
        freePrepared();
        free(primaryAddress, (long)primaryCapacity * entryLength);
        primaryAddress = 0;
        primaryCapacity = 0;
        primary = new UnsafeBuffer(new byte[0]);
        side.putBytes(0, buffer, at, entryLength);
        at += entryLength;
        final long address = allocate((long)capacity * entryLength, count);
        installPrimary(address, capacity);
        primary.putBytes(0, buffer, at, capacity * entryLength);
        at += capacity * entryLength;
        primaryCount = count;
        isSideOccupied = (flags & 1) != 0;
        isPreparationBlocked = (flags & 4) != 0;
        if ((flags & 2) != 0)
        {
            final int imageOldCapacity = buffer.getInt(at);
            final int imageOldCount = buffer.getInt(at + 4);
            final int cursor = buffer.getInt(at + 8);
            at += 12;
            if (Integer.bitCount(imageOldCapacity) != 1 || cursor < 0 || cursor >= imageOldCapacity)
            {
                throw new IllegalArgumentException(owner + ": bad image: old capacity " + imageOldCapacity +
                    ", cursor " + cursor);
            }
            final long bytes = (long)(cursor + 1) * entryLength;
            oldAddress = allocate(bytes, imageOldCount);
            oldBytes = bytes;
            old = new UnsafeBuffer(oldAddress, (int)bytes);
            old.putBytes(0, buffer, at, (int)bytes);
            at += (int)bytes;
            oldCapacity = imageOldCapacity;
            oldMask = imageOldCapacity - 1;
            oldCount = imageOldCount;
            migrationCursor = cursor;
            isMigrating = true;
        }
        return at;
    }

    /**
     * {@link #probe} of the primary table; for long keys (no matcher) it reads the words straight from the table's
     * address: every position {@code <= primaryMask} is inside the table, so Agrona's bounds check buys nothing.
     */
    private int probePrimary(final long word, final KeyMatcher matcher)
    {
        if (null != matcher)
        {
            return probe(primary, primaryMask, word, matcher);
        }
        final long address = primaryAddress;
        final int mask = primaryMask;
        final long entryLength = this.entryLength;
        int pos = home(word, mask);
        while (true)
        {
            final long candidate = UnsafeApi.getLong(address + pos * entryLength);
            if (candidate == word)
            {
                return pos;
            }
            if (candidate == EMPTY)
            {
                return ~pos;
            }
            pos = (pos + 1) & mask;
        }
    }

    private int probe(final UnsafeBuffer buffer, final int mask, final long word, final KeyMatcher matcher)
    {
        final int entryLength = this.entryLength;
        int pos = home(word, mask);
        while (true)
        {
            final int offset = pos * entryLength;
            final long candidate = buffer.getLong(offset);
            if (candidate == word && (null == matcher || matcher.matches(buffer, offset)))
            {
                return pos;
            }
            if (candidate == EMPTY)
            {
                return ~pos;
            }
            pos = (pos + 1) & mask;
        }
    }

    /**
     * Probe of the old table while it drains: positions above the migration cursor are empty and may already be
     * freed, so they end a probe without being read.
     */
    private int probeOld(final long word, final KeyMatcher matcher)
    {
        final UnsafeBuffer old = this.old;
        final int entryLength = this.entryLength;
        final int mask = oldMask;
        final int last = migrationCursor;
        int pos = home(word, mask);
        while (pos <= last)
        {
            final int offset = pos * entryLength;
            final long candidate = old.getLong(offset);
            if (candidate == word && (null == matcher || matcher.matches(old, offset)))
            {
                return pos;
            }
            if (candidate == EMPTY)
            {
                return -1;
            }
            pos = (pos + 1) & mask;
        }
        return -1;
    }

    private int freePosition(final UnsafeBuffer buffer, final int mask, final long word)
    {
        final int entryLength = this.entryLength;
        int pos = home(word, mask);
        while (buffer.getLong(pos * entryLength) != EMPTY)
        {
            pos = (pos + 1) & mask;
        }
        return pos;
    }

    /**
     * Backward-shift deletion: walk the cluster after the hole and move back every entry whose home is not between
     * the hole and itself, so no tombstones are needed and probe sequences stay unbroken.
     */
    private void removeAt(final UnsafeBuffer buffer, final int mask, final int last, final int pos)
    {
        final int entryLength = this.entryLength;
        int hole = pos;
        int next = pos;
        while (true)
        {
            next = (next + 1) & mask;
            if (next > last)
            {
                break;
            }
            final int nextOffset = next * entryLength;
            final long word = buffer.getLong(nextOffset);
            if (word == EMPTY)
            {
                break;
            }
            final int home = home(word, mask);
            if (((next - home) & mask) >= ((next - hole) & mask))
            {
                buffer.putBytes(hole * entryLength, buffer, nextOffset, entryLength);
                hole = next;
            }
        }
        buffer.putLong(hole * entryLength, EMPTY);
    }

    private void maintain()
    {
        if (isMigrating)
        {
            migrateStep();
        }
        else if (preparedAddress != 0)
        {
            prepareStep();
        }
        else if (primaryCount >= prepareThreshold && !isPreparationBlocked && primaryCapacity < maxCapacity)
        {
            startPreparation();
        }
    }

    private void migrateStep()
    {
        final UnsafeBuffer old = this.old;
        final int entryLength = this.entryLength;
        for (int work = MIGRATION_WORK_PER_OP; work > 0; work--)
        {
            if (oldCount == 0)
            {
                endMigration();
                return;
            }
            final int offset = migrationCursor * entryLength;
            final long word = old.getLong(offset);
            if (word == EMPTY)
            {
                migrationCursor--;
                shrinkOld();
                continue;
            }
            // Words are not unique for byte keys (hash collisions): look for a free position, not for the word.
            final int pos = freePosition(primary, primaryMask, word);
            primary.putBytes(pos * entryLength, old, offset, entryLength);
            primaryCount++;
            // Only at the top position can the deletion shift a wrapped entry into the cursor position; the cursor
            // stays, and moves that entry next.
            removeAt(old, oldMask, migrationCursor, migrationCursor);
            oldCount--;
        }
    }

    private void shrinkOld()
    {
        final long wantedBytes = (long)(migrationCursor + 1) * entryLength;
        if (wantedBytes > 0 && oldBytes - wantedBytes >= SHRINK_CHUNK_BYTES)
        {
            // realloc to a smaller size keeps the data; for a large (mmap'd) block glibc unmaps just the tail.
            oldAddress = UnsafeApi.reallocateMemory(oldAddress, wantedBytes);
            offHeapBytes -= oldBytes - wantedBytes;
            oldBytes = wantedBytes;
            old.wrap(oldAddress, (int)wantedBytes);
        }
    }

    private void finishMigration()
    {
        while (isMigrating)
        {
            migrateStep();
        }
    }

    private void endMigration()
    {
        free(oldAddress, oldBytes);
        oldAddress = 0;
        oldBytes = 0;
        old = new UnsafeBuffer(new byte[0]);
        oldCapacity = 0;
        oldMask = 0;
        oldCount = 0;
        migrationCursor = -1;
        isMigrating = false;
    }

    private void startPreparation()
    {
        final int capacity = primaryCapacity << 1;
        final long bytes = (long)capacity * entryLength;
        if (offHeapBytes + bytes > maxOffHeapBytes)
        {
            // Not an error yet: the table may never reach the resize threshold. grow() reports it if it does.
            isPreparationBlocked = true;
            return;
        }
        preparedAddress = allocate(bytes, primaryCount + oldCount);
        preparedCapacity = capacity;
        preparedZeroedBytes = 0;
    }

    /** Zeroes the next chunk of the prepared table, sized so that zeroing ends by the time it is needed. */
    private void prepareStep()
    {
        final long bytes = (long)preparedCapacity * entryLength;
        final long remainingBytes = bytes - preparedZeroedBytes;
        if (remainingBytes == 0)
        {
            return;
        }
        final long remainingInserts = Math.max(1, resizeThreshold - (primaryCount + oldCount));
        final long chunk = Math.min(remainingBytes, Math.max(MIN_ZEROING_CHUNK_BYTES, remainingBytes / remainingInserts + 1));
        UnsafeApi.setMemory(preparedAddress + preparedZeroedBytes, chunk, (byte)0);
        preparedZeroedBytes += chunk;
    }

    private void grow()
    {
        if (isMigrating)
        {
            finishMigration();
        }
        if (primaryCapacity >= maxCapacity)
        {
            throw new IllegalStateException(owner + " is full: " + size() + " keys at the maximum capacity of " +
                maxCapacity + " slots for " + entryLength + "-byte entries");
        }
        if (preparedAddress == 0)
        {
            final int capacity = primaryCapacity << 1;
            preparedAddress = allocate((long)capacity * entryLength, size());
            preparedCapacity = capacity;
            preparedZeroedBytes = 0;
        }
        final long bytes = (long)preparedCapacity * entryLength;
        UnsafeApi.setMemory(preparedAddress + preparedZeroedBytes, bytes - preparedZeroedBytes, (byte)0);

        old = primary;
        oldAddress = primaryAddress;
        oldBytes = (long)primaryCapacity * entryLength;
        oldCapacity = primaryCapacity;
        oldMask = primaryMask;
        oldCount = primaryCount;
        migrationCursor = primaryCapacity - 1;
        isMigrating = true;

        primary = new UnsafeBuffer(new byte[0]);
        installPrimary(preparedAddress, preparedCapacity);
        primaryCount = 0;
        preparedAddress = 0;
        preparedCapacity = 0;
        preparedZeroedBytes = 0;
    }

    private void installPrimary(final long address, final int capacity)
    {
        primaryAddress = address;
        primaryCapacity = capacity;
        primaryMask = capacity - 1;
        primary.wrap(address, capacity * entryLength);
        resizeThreshold = (int)((long)capacity * LOAD_PERCENT / 100);
        prepareThreshold = (int)((long)capacity * PREPARE_PERCENT / 100);
    }

    private void freePrepared()
    {
        if (preparedAddress != 0)
        {
            free(preparedAddress, (long)preparedCapacity * entryLength);
            preparedAddress = 0;
            preparedCapacity = 0;
            preparedZeroedBytes = 0;
        }
    }

    private long allocate(final long bytes, final int keys)
    {
        if (offHeapBytes + bytes > maxOffHeapBytes)
        {
            throw new IllegalStateException(owner + " would exceed its off-heap limit: keys=" + keys + ", allocated=" +
                offHeapBytes + " bytes, requested=" + bytes + " bytes, limit=" + maxOffHeapBytes + " bytes");
        }
        final long address;
        try
        {
            address = UnsafeApi.allocateMemory(bytes);
        }
        catch (final OutOfMemoryError ex)
        {
            throw new IllegalStateException(owner + ": cannot allocate " + bytes + " bytes off-heap for " + keys +
                " keys", ex);
        }
        offHeapBytes += bytes;
        return address;
    }

    private void free(final long address, final long bytes)
    {
        if (address != 0)
        {
            UnsafeApi.freeMemory(address);
            offHeapBytes -= bytes;
        }
    }

    private void checkOpen()
    {
        if (isClosed)
        {
            throw new IllegalStateException(owner + " is closed");
        }
    }

    private void checkStructural()
    {
        checkOpen();
        if (iterationDepth != 0)
        {
            throw new IllegalStateException(owner + ": cannot insert, remove or clear while iterating");
        }
    }

    /** SplitMix64's finaliser: consecutive keys (symbol ids) must not form one long cluster under linear probing. */
    static long mix(final long word)
    {
        long z = word;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static int home(final long word, final int mask)
    {
        return (int)mix(word) & mask;
    }
}
