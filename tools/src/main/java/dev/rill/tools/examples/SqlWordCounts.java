package dev.rill.tools.examples;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import dev.rill.engine.BatchConsumer;
import dev.rill.engine.BatchView;
import dev.rill.engine.examples.WordDictionary;

/**
 * The {@code process(time, rdd)} of Spark's {@code sql_network_wordcount.py}: per batch, the time line, then the
 * batch's words (event keys, ids of a {@link WordDictionary}) in a table {@code words(word varchar)} of a new private
 * H2 in-memory database, the query, and its result in {@link DataFrameShow} form. Called on the batch stage's thread
 * only (one batch at a time); each batch's text goes out in one {@code print}, so lines of two batches never mix.
 * Allocates per batch and per word (JDBC): an example, not a hot path.
 */
final class SqlWordCounts implements BatchConsumer
{
    /**
     * Private in-memory database ({@code mem:} without a name: one per connection, gone when it closes), unquoted
     * names kept in lower case so the result's column labels are the query's ({@code word}, {@code total}), as in
     * Spark, not H2's default upper case.
     */
    static final String JDBC_URL = "jdbc:h2:mem:;DATABASE_TO_LOWER=TRUE";

    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final org.h2.Driver driver = new org.h2.Driver();
    private final WordDictionary words;
    private final String query;
    private final PrintStream out;
    private final ZoneId zone;

    SqlWordCounts(final WordDictionary words, final String query, final PrintStream out, final ZoneId zone)
    {
        this.words = words;
        this.query = query;
        this.out = out;
        this.zone = zone;
    }

    @Override
    public void accept(final long batchTimeMs, final BatchView batch)
    {
        final StringBuilder text = new StringBuilder("========= ").append(pythonTime(batchTimeMs, zone))
            .append(" =========\n");
        if (batch.size() > 0)
        {
            try
            {
                // Python's print() after show()'s text, which ends in a newline itself: an empty line follows
                text.append(run(batch)).append('\n');
            }
            catch (final SQLException ex)
            {
                throw new IllegalStateException("SQL over the batch of " + pythonTime(batchTimeMs, zone) + " failed: " +
                    ex.getMessage(), ex);
            }
        }
        out.print(text);
        out.flush();
    }

    private String run(final BatchView batch) throws SQLException
    {
        try (Connection connection = driver.connect(JDBC_URL, new Properties());
            Statement statement = connection.createStatement())
        {
            statement.execute("create table words(word varchar)");
            try (PreparedStatement insert = connection.prepareStatement("insert into words values (?)"))
            {
                for (int i = 0; i < batch.size(); i++)
                {
                    insert.setString(1, words.word(batch.get(i).key()));
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            try (ResultSet result = statement.executeQuery(query))
            {
                final ResultSetMetaData meta = result.getMetaData();
                final List<String> header = new ArrayList<>();
                for (int c = 1; c <= meta.getColumnCount(); c++)
                {
                    header.add(meta.getColumnLabel(c));
                }
                final List<List<String>> rows = new ArrayList<>();
                while (result.next())
                {
                    final List<String> row = new ArrayList<>(header.size());
                    for (int c = 1; c <= header.size(); c++)
                    {
                        row.add(result.getString(c));
                    }
                    rows.add(row);
                }
                return DataFrameShow.show(header, rows, DataFrameShow.NUM_ROWS, DataFrameShow.TRUNCATE);
            }
        }
    }

    /**
     * @param epochMs a batch time.
     * @param zone    the local time zone.
     * @return Python's {@code str(datetime.fromtimestamp(epochMs / 1000))}: {@code 2026-11-25 19:40:01}, with
     * {@code .ffffff} microseconds only when they are not zero.
     */
    static String pythonTime(final long epochMs, final ZoneId zone)
    {
        final LocalDateTime time = LocalDateTime.ofInstant(Instant.ofEpochMilli(epochMs), zone);
        final String seconds = SECONDS.format(time);
        final long millis = Math.floorMod(epochMs, 1_000L);
        return millis == 0 ? seconds : seconds + String.format(java.util.Locale.ROOT, ".%06d", millis * 1_000);
    }
}
