package dev.rill.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.ZoneId;

import dev.rill.engine.Event;
import dev.rill.engine.ReferenceGenerator;
import dev.rill.log.StartPosition;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class ParsersTest
{
    @Test
    void durations()
    {
        assertEquals(30_000L, Durations.parseMs("30s"));
        assertEquals(15 * 60_000L, Durations.parseMs("15m"));
        assertEquals(24 * 3_600_000L, Durations.parseMs("24h"));
        assertEquals(7 * 86_400_000L, Durations.parseMs("7D"));
        assertEquals(250L, Durations.parseMs("250ms"));
        for (final String bad : new String[] {"", "24", "h", "1.5h", "-1h", "0s", "1w", "99999999999999999d"})
        {
            final TypeConversionException ex = assertThrows(TypeConversionException.class,
                () -> Durations.parseMs(bad), bad);
            assertTrue(ex.getMessage().startsWith("bad duration '" + bad + "'"), ex.getMessage());
        }
        assertEquals("1d", Durations.format(86_400_000L));
        assertEquals("90m", Durations.format(90 * 60_000L));
        assertEquals("1500ms", Durations.format(1_500L));
    }

    @Test
    void sizes()
    {
        assertEquals(1024L, Sizes.parseBytes("1024"));
        assertEquals(64L << 10, Sizes.parseBytes("64k"));
        assertEquals(512L << 20, Sizes.parseBytes("512m"));
        assertEquals(512L << 20, Sizes.parseBytes("512MB"));
        assertEquals(10L << 30, Sizes.parseBytes("10g"));
        assertEquals(10L << 30, Sizes.parseBytes("10GiB"));
        assertEquals(1L << 40, Sizes.parseBytes("1t"));
        assertEquals(7L, Sizes.parseBytes("7b"));
        for (final String bad : new String[] {"", "g", "1.5g", "-1", "0", "10x", "99999999t"})
        {
            final TypeConversionException ex = assertThrows(TypeConversionException.class,
                () -> Sizes.parseBytes(bad), bad);
            assertTrue(ex.getMessage().startsWith("bad size '" + bad + "'"), ex.getMessage());
        }
        assertEquals("10g", Sizes.format(10L << 30));
        assertEquals("1536k", Sizes.format(1536L << 10));
        assertEquals("1000", Sizes.format(1000));
        assertEquals("512 B", Sizes.human(512));
        assertEquals("80.0 MiB", Sizes.human(80L << 20));
    }

    @Test
    void times()
    {
        final ZoneId paris = ZoneId.of("Europe/Paris");
        final long noon = 1_714_564_800_000_000_000L;
        assertEquals(noon, TimeArg.parseEpochNs("2024-05-01T12:00:00Z", paris));
        assertEquals(noon, TimeArg.parseEpochNs("2024-05-01T14:00:00+02:00", paris));
        assertEquals(noon, TimeArg.parseEpochNs("2024-05-01T14:00+02:00[Europe/Paris]", paris));
        assertEquals(noon, TimeArg.parseEpochNs("2024-05-01T14:00", paris));
        assertEquals(noon - 14 * 3_600_000_000_000L, TimeArg.parseEpochNs("2024-05-01", paris));
        assertEquals(noon, TimeArg.parseEpochNs("1714564800000", paris));
        assertEquals(noon + 123_456_789L, TimeArg.parseEpochNs("2024-05-01T12:00:00.123456789Z", paris));
        for (final String bad : new String[] {"", "noon", "2024-05-01T25:00:00Z", "2024/05/01", "1714564800000.5"})
        {
            final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                () -> TimeArg.parseEpochNs(bad, paris), bad);
            assertTrue(ex.getMessage().startsWith("bad time '" + bad + "'"), ex.getMessage());
        }
        assertEquals("2024-05-01T12:00:00Z", TimeArg.format(noon));
        assertEquals("1969-12-31T23:59:59.999999999Z", TimeArg.format(-1));
    }

    @Test
    void startPositions()
    {
        final ZoneId utc = ZoneId.of("UTC");
        assertEquals(StartPosition.EARLIEST, StartArg.parse("earliest", utc));
        assertEquals(StartPosition.LATEST, StartArg.parse("LATEST", utc));
        assertEquals(StartPosition.Kind.OFFSET, StartArg.parse("42", utc).kind());
        assertEquals(42, StartArg.parse("42", utc).value());
        assertEquals(StartPosition.Kind.TIMESTAMP, StartArg.parse("@1000", utc).kind());
        assertEquals(1_000_000_000L, StartArg.parse("@1000", utc).value());
        assertThrows(TypeConversionException.class, () -> StartArg.parse("-5", utc));
        assertThrows(TypeConversionException.class, () -> StartArg.parse("@", utc));
        assertThrows(TypeConversionException.class, () -> StartArg.parse("@9999999999999999", utc));
    }

    @Test
    void jsonEscaping()
    {
        final JsonLine json = new JsonLine();
        assertEquals("{\"s\":\"a\\\"b\\\\c\\n\\r\\t\\u0001\\u2028é€😀\",\"n\":-5}",
            json.begin().field("s", "a\"b\\c\n\r\t\u0001\u2028é€😀").field("n", -5).end().toString());
        assertEquals("{}", json.begin().end().toString());
    }

    @Test
    void hexDump()
    {
        final StringWriter text = new StringWriter();
        final byte[] bytes = new byte[20];
        for (int i = 0; i < bytes.length; i++)
        {
            bytes[i] = (byte)(0x3C + i);
        }
        HexDump.print(new PrintWriter(text, true), "", bytes, bytes.length);
        assertEquals(
            "00000000  3c 3d 3e 3f 40 41 42 43  44 45 46 47 48 49 4a 4b  |<=>?@ABCDEFGHIJK|\n" +
            "00000010  4c 4d 4e 4f                                       |LMNO|\n",
            text.toString());
    }

    @Test
    void referenceGeneratorMatchesTheWorkloadTable()
    {
        final ReferenceGenerator generator = new ReferenceGenerator(ReferenceGenerator.DEFAULT_SYMBOLS);
        final Event event = new Event();
        final long[] r = {0x6e789e6aa1b965f4L, 0x06c45d188009454fL, 0xf88bb8a8724c81ecL, 0x1b39896a51a8749bL};
        final int[][] fields = {{5700, 10539, 159}, {5679, 10000, 94}, {2444, 10804, 185}, {4747, 10282, 138}};
        for (int i = 0; i < 4; i++)
        {
            generator.fill(i, event);
            assertEquals(r[i], ReferenceGenerator.draw(i), "r of event " + i);
            assertEquals(fields[i][0], event.key(), "symbol of event " + i);
            assertEquals(fields[i][1], event.long0(), "price of event " + i);
            assertEquals(fields[i][2], event.long1(), "qty of event " + i);
            assertEquals(i * 1_000L, event.eventTimeNs(), "event time of event " + i);
        }
    }
}
