package dev.rill.tools.examples;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Spark's {@code Dataset.show()} text (its {@code showString(numRows, truncate = 20)}), for rows that are already
 * strings:
 * <pre>
 *   +-----+-----+
 *   | word|total|
 *   +-----+-----+
 *   |hello|    2|
 *   |world|    1|
 *   +-----+-----+
 * </pre>
 * As Spark: a column is as wide as its widest cell or header, at least 3; with truncation on, cells are right-aligned
 * and a cell longer than {@code truncate} characters keeps {@code truncate - 3} and gets {@code "..."} (only its first
 * {@code truncate} when {@code truncate < 4}); at most {@code numRows} rows are shown, then
 * {@code only showing top N rows}. Widths count East Asian full-width characters as two, with Spark's own ranges
 * ({@code Utils.stringHalfWidth}). Stateless; allocates the text it returns.
 */
public final class DataFrameShow
{
    /** Spark's default {@code truncate}. */
    public static final int TRUNCATE = 20;
    /** Spark's default {@code numRows}. */
    public static final int NUM_ROWS = 20;

    private static final int MINIMUM_COLUMN_WIDTH = 3;
    /** The full-width ranges of Spark's {@code Utils.fullWidthRegex}. */
    private static final Pattern FULL_WIDTH = Pattern.compile(
        "[\u1100-\u115F\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE10-\uFE19\uFE30-\uFE6F\uFF00-\uFF60\uFFE0-\uFFE6]");

    private DataFrameShow()
    {
    }

    /**
     * @param header   column names.
     * @param rows     cells, each row as many as the header.
     * @param numRows  rows shown at most, at least 0.
     * @param truncate longest cell shown whole, 0 for no truncation (then cells are left-aligned, as Spark's).
     * @return the table, every line ending in {@code \n}.
     */
    public static String show(final List<String> header, final List<List<String>> rows, final int numRows,
        final int truncate)
    {
        final int columns = header.size();
        final int shown = Math.min(Math.max(numRows, 0), rows.size());
        final String[][] cells = new String[shown + 1][];
        cells[0] = cut(header, truncate);
        for (int r = 0; r < shown; r++)
        {
            if (rows.get(r).size() != columns)
            {
                throw new IllegalArgumentException("row " + r + " has " + rows.get(r).size() + " cells, the header " +
                    columns);
            }
            cells[r + 1] = cut(rows.get(r), truncate);
        }
        final int[] widths = new int[columns];
        for (final String[] row : cells)
        {
            for (int c = 0; c < columns; c++)
            {
                widths[c] = Math.max(Math.max(widths[c], MINIMUM_COLUMN_WIDTH), halfWidth(row[c]));
            }
        }
        final StringBuilder separator = new StringBuilder("+");
        for (final int width : widths)
        {
            separator.append("-".repeat(width)).append('+');
        }
        separator.append('\n');
        final StringBuilder sb = new StringBuilder();
        sb.append(separator);
        line(sb, cells[0], widths, truncate);
        sb.append(separator);
        for (int r = 1; r < cells.length; r++)
        {
            line(sb, cells[r], widths, truncate);
        }
        sb.append(separator);
        if (rows.size() > shown)
        {
            sb.append("only showing top ").append(shown).append(shown == 1 ? " row\n" : " rows\n");
        }
        return sb.toString();
    }

    private static void line(final StringBuilder sb, final String[] row, final int[] widths, final int truncate)
    {
        sb.append('|');
        for (int c = 0; c < row.length; c++)
        {
            final String padding = " ".repeat(widths[c] - halfWidth(row[c]));
            sb.append(truncate > 0 ? padding : "").append(row[c]).append(truncate > 0 ? "" : padding).append('|');
        }
        sb.append('\n');
    }

    private static String[] cut(final List<String> row, final int truncate)
    {
        final String[] cells = new String[row.size()];
        for (int c = 0; c < cells.length; c++)
        {
            final String cell = row.get(c) == null ? "null" : row.get(c);
            if (truncate > 0 && cell.length() > truncate)
            {
                cells[c] = truncate < 4 ? cell.substring(0, truncate) : cell.substring(0, truncate - 3) + "...";
            }
            else
            {
                cells[c] = cell;
            }
        }
        return cells;
    }

    /**
     * @param text a cell.
     * @return its width in half-width columns: its UTF-16 length plus one per full-width character (Spark's rule).
     */
    static int halfWidth(final String text)
    {
        int fullWidth = 0;
        final Matcher m = FULL_WIDTH.matcher(text);
        while (m.find())
        {
            fullWidth++;
        }
        return text.length() + fullWidth;
    }
}
