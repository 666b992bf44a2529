package dev.rill.tools.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * {@link DataFrameShow} against the text Spark's {@code show()} prints, and the Python example's time line.
 */
class DataFrameShowTest
{
    private static final List<String> HEADER = List.of("word", "total");

    @Test
    void columnsAreAsWideAsTheirWidestCellAndRightAligned()
    {
        assertEquals(
            "+-----+-----+\n" +
            "| word|total|\n" +
            "+-----+-----+\n" +
            "|hello|    2|\n" +
            "|   to|   12|\n" +
            "+-----+-----+\n",
            DataFrameShow.show(HEADER, List.of(List.of("hello", "2"), List.of("to", "12")), 20, 20));
    }

    @Test
    void aColumnIsAtLeastThreeWideAndAnEmptyResultKeepsItsHeader()
    {
        assertEquals("+---+\n|  a|\n+---+\n|  1|\n|   |\n+---+\n",
            DataFrameShow.show(List.of("a"), List.of(List.of("1"), List.of("")), 20, 20));
        assertEquals("+----+-----+\n|word|total|\n+----+-----+\n+----+-----+\n",
            DataFrameShow.show(HEADER, List.of(), 20, 20));
    }

    @Test
    void longCellsAreCutToSeventeenCharactersAndThreeDotsAndNullIsPrintedAsNull()
    {
        assertEquals(
            "+--------------------+-----+\n" +
            "|                word|total|\n" +
            "+--------------------+-----+\n" +
            "|abcdefghijklmnopq...|    1|\n" +
            "|abcdefghijklmnopqrst|    1|\n" +
            "|                null|    1|\n" +
            "+--------------------+-----+\n",
            DataFrameShow.show(HEADER, List.of(List.of("abcdefghijklmnopqrstu", "1"),
                List.of("abcdefghijklmnopqrst", "1"), nullWord()), 20, 20));
        // without truncation: whole, and left-aligned
        assertEquals("+---------------------+-----+\n|word                 |total|\n+---------------------+-----+\n" +
            "|abcdefghijklmnopqrstu|1    |\n+---------------------+-----+\n",
            DataFrameShow.show(HEADER, List.of(List.of("abcdefghijklmnopqrstu", "1")), 20, 0));
    }

    @Test
    void moreThanNumRowsEndsWithOnlyShowingTop()
    {
        final List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < 21; i++)
        {
            rows.add(List.of("w" + i, "1"));
        }
        final String table = DataFrameShow.show(HEADER, rows, 20, 20);
        assertEquals(20 + 4 + 1, table.lines().count(), table);
        assertTrue(table.endsWith("| w19|    1|\n+----+-----+\nonly showing top 20 rows\n"), table);
        assertTrue(DataFrameShow.show(HEADER, rows.subList(0, 2), 1, 20).endsWith("only showing top 1 row\n"));
    }

    @Test
    void fullWidthCharactersCountTwice()
    {
        assertEquals(4, DataFrameShow.halfWidth("\u65e5\u672c"));
        assertEquals(2, DataFrameShow.halfWidth("\u00e9t"));
        assertEquals("+----+-----+\n|word|total|\n+----+-----+\n|\u65e5\u672c|    1|\n+----+-----+\n",
            DataFrameShow.show(HEADER, List.of(List.of("\u65e5\u672c", "1")), 20, 20));
    }

    @Test
    void theBatchTimeIsPrintedAsPythonPrintsADatetime()
    {
        assertEquals("1970-01-01 00:00:01", SqlWordCounts.pythonTime(1_000, ZoneOffset.UTC));
        assertEquals("2024-05-01 14:00:00", SqlWordCounts.pythonTime(1_714_564_800_000L, ZoneOffset.ofHours(2)));
        assertEquals("1970-01-01 00:00:01.500000", SqlWordCounts.pythonTime(1_500, ZoneOffset.UTC));
    }

    private static List<String> nullWord()
    {
        final List<String> row = new ArrayList<>();
        row.add(null);
        row.add("1");
        return row;
    }
}
