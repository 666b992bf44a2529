package dev.rill.operators.keyed;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Test output of one batch as readable strings; keys 'a'..'z' print as letters. */
final class Out
{
    final List<String> lines = new ArrayList<>();

    static String key(final long key)
    {
        return key >= 'a' && key <= 'z' ? String.valueOf((char)key) : Long.toString(key);
    }

    void keyValue(final long key, final long value)
    {
        lines.add(key(key) + "=" + value);
    }

    void keyValues(final long key, final LongValues values)
    {
        lines.add(key(key) + "=" + list(values));
    }

    void cogroup(final long key, final LongValues left, final LongValues right)
    {
        lines.add(key(key) + "=(" + list(left) + "," + list(right) + ")");
    }

    void join(final long key, final long left, final boolean hasLeft, final long right, final boolean hasRight)
    {
        lines.add("(" + key(key) + "," + (hasLeft ? Long.toString(left) : "-") + "," +
            (hasRight ? Long.toString(right) : "-") + ")");
        if ((!hasLeft && left != 0) || (!hasRight && right != 0))
        {
            throw new AssertionError("absent side must pass 0: " + lines.get(lines.size() - 1));
        }
    }

    static String list(final LongValues values)
    {
        final StringBuilder builder = new StringBuilder("[");
        for (int i = 0; i < values.size(); i++)
        {
            builder.append(i == 0 ? "" : ",").append(values.get(i));
        }
        return builder.append(']').toString();
    }

    /** @return the lines in emission order, for operators whose order is specified. */
    String inOrder()
    {
        return String.join(" ", lines);
    }

    /** @return the lines sorted, for operators that emit in map order (Spark gives no order either). */
    String sorted()
    {
        final List<String> copy = new ArrayList<>(lines);
        Collections.sort(copy);
        return String.join(" ", copy);
    }
}
