package dev.rill.perf.maps;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one map did over one key count: the work (size, checksum, sum of counts) and its cost. Immutable. Travels
 * from a child JVM to the parent as one line of {@code name=value} pairs ({@link #toLine()}, {@link #parse}).
 *
 * @param map           the map's command-line name ({@link CounterMap.Kind#option()}).
 * @param keys          size of the key space.
 * @param updates       updates measured.
 * @param size          distinct keys in the map at the end.
 * @param checksum      order-independent checksum over the final entries.
 * @param countSum      sum of the final counts (equals {@code updates}).
 * @param updateNs      wall time of the updates, ns.
 * @param heapBefore    heap used after full GCs before the map was created, bytes.
 * @param heapAfter     heap used after full GCs with the map filled, bytes.
 * @param offHeapBytes  the map's off-heap bytes (its own accounting), 0 for heap maps.
 * @param gcCount       collections during the updates.
 * @param gcTotalMs     their summed pause, ms (whole ms each).
 * @param gcMaxMs       the longest, ms.
 * @param heapPeakBytes the largest heap used during the updates (before a GC, or at the end), bytes.
 * @param heapMaxBytes  the JVM's maximum heap ({@code -Xmx}), bytes.
 * @param collectors    the collectors that ran during the updates, with their actions, separated by "; ".
 */
record CellResult(String map, int keys, long updates, int size, long checksum, long countSum, long updateNs,
    long heapBefore, long heapAfter, long offHeapBytes, int gcCount, long gcTotalMs, long gcMaxMs, long heapPeakBytes,
    long heapMaxBytes, String collectors)
{
    /** Prefix of the result line a child JVM prints. */
    static final String LINE_PREFIX = "MAPCELL ";

    /** @return updates per second. */
    double updatesPerSecond()
    {
        return updates * 1e9 / updateNs;
    }

    /** @return heap bytes per distinct key (after minus before, both after full GCs); may be slightly negative. */
    double heapBytesPerKey()
    {
        return (double)(heapAfter - heapBefore) / size;
    }

    /** @return off-heap bytes per distinct key. */
    double offHeapBytesPerKey()
    {
        return (double)offHeapBytes / size;
    }

    /** @return the figures as name=value pairs, in order. */
    Map<String, Object> fields()
    {
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("map", map);
        m.put("keys", keys);
        m.put("updates", updates);
        m.put("size", size);
        m.put("checksum", Long.toHexString(checksum));
        m.put("countSum", countSum);
        m.put("updateNs", updateNs);
        m.put("heapBefore", heapBefore);
        m.put("heapAfter", heapAfter);
        m.put("offHeapBytes", offHeapBytes);
        m.put("gcCount", gcCount);
        m.put("gcTotalMs", gcTotalMs);
        m.put("gcMaxMs", gcMaxMs);
        m.put("heapPeakBytes", heapPeakBytes);
        m.put("heapMaxBytes", heapMaxBytes);
        m.put("collectors", collectors);
        return m;
    }

    /** @return one line: {@link #LINE_PREFIX} then tab-separated {@code name=value}. */
    String toLine()
    {
        final StringBuilder sb = new StringBuilder(LINE_PREFIX);
        for (final Map.Entry<String, Object> e : fields().entrySet())
        {
            sb.append(e.getKey()).append('=').append(e.getValue()).append('\t');
        }
        return sb.toString();
    }

    /**
     * @param line a line of {@link #toLine()}.
     * @return the result.
     * @throws IllegalArgumentException naming the line if a field is missing or not a number.
     */
    static CellResult parse(final String line)
    {
        if (!line.startsWith(LINE_PREFIX))
        {
            throw new IllegalArgumentException("not a result line: " + line);
        }
        final Map<String, String> m = new LinkedHashMap<>();
        for (final String pair : line.substring(LINE_PREFIX.length()).split("\t"))
        {
            final int eq = pair.indexOf('=');
            if (eq > 0)
            {
                m.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        try
        {
            return new CellResult(field(m, "map"), Integer.parseInt(field(m, "keys")),
                Long.parseLong(field(m, "updates")), Integer.parseInt(field(m, "size")),
                Long.parseUnsignedLong(field(m, "checksum"), 16), Long.parseLong(field(m, "countSum")),
                Long.parseLong(field(m, "updateNs")), Long.parseLong(field(m, "heapBefore")),
                Long.parseLong(field(m, "heapAfter")), Long.parseLong(field(m, "offHeapBytes")),
                Integer.parseInt(field(m, "gcCount")), Long.parseLong(field(m, "gcTotalMs")),
                Long.parseLong(field(m, "gcMaxMs")), Long.parseLong(field(m, "heapPeakBytes")),
                Long.parseLong(field(m, "heapMaxBytes")), field(m, "collectors"));
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException("bad number in result line: " + line + ": " + ex.getMessage(), ex);
        }
    }

    private static String field(final Map<String, String> m, final String name)
    {
        final String v = m.get(name);
        if (v == null)
        {
            throw new IllegalArgumentException("result line lacks " + name + ": " + m);
        }
        return v;
    }
}
