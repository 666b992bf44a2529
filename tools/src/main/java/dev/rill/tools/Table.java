package dev.rill.tools;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Left-aligned text columns, two spaces apart, the first row a header.
 */
final class Table
{
    private final List<String[]> rows = new ArrayList<>();

    Table(final String... header)
    {
        rows.add(header);
    }

    Table row(final String... cells)
    {
        rows.add(cells);
        return this;
    }

    void print(final PrintWriter out, final String indent)
    {
        final int columns = rows.get(0).length;
        final int[] widths = new int[columns];
        for (final String[] r : rows)
        {
            for (int c = 0; c < columns; c++)
            {
                widths[c] = Math.max(widths[c], r[c].length());
            }
        }
        final StringBuilder line = new StringBuilder();
        for (final String[] r : rows)
        {
            line.setLength(0);
            line.append(indent);
            for (int c = 0; c < columns; c++)
            {
                line.append(r[c]);
                if (c < columns - 1)
                {
                    line.append(" ".repeat(widths[c] - r[c].length() + 2));
                }
            }
            out.println(line);
        }
    }
}
