package dev.rill.perf.report;

import java.util.ArrayList;
import java.util.List;

/**
 * A Markdown table built row by row; cells are plain strings. Not thread-safe.
 */
public final class MarkdownTable
{
    private final String[] header;
    private final List<String[]> rows = new ArrayList<>();

    /**
     * @param header column titles.
     */
    public MarkdownTable(final String... header)
    {
        this.header = header.clone();
    }

    /**
     * @param cells one row, as many cells as columns.
     * @return this.
     */
    public MarkdownTable row(final String... cells)
    {
        if (cells.length != header.length)
        {
            throw new IllegalArgumentException("row has " + cells.length + " cells, table has " + header.length +
                " columns");
        }
        rows.add(cells.clone());
        return this;
    }

    @Override
    public String toString()
    {
        final StringBuilder sb = new StringBuilder();
        line(sb, header);
        sb.append('|');
        for (int i = 0; i < header.length; i++)
        {
            sb.append(" --- |");
        }
        sb.append('\n');
        for (final String[] row : rows)
        {
            line(sb, row);
        }
        return sb.toString();
    }

    private static void line(final StringBuilder sb, final String[] cells)
    {
        sb.append('|');
        for (final String cell : cells)
        {
            sb.append(' ').append(cell).append(" |");
        }
        sb.append('\n');
    }
}
