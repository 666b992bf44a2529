package dev.rill.tools;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import dev.rill.log.Producer;
import dev.rill.log.RillLog;
import dev.rill.log.TopicConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DumpTest
{
    private static final long T0 = 1_714_564_800_000_000_000L;
    private static final String DAMAGED_VALUE = "the-one-value-that-gets-damaged-7f3a";

    @TempDir
    Path dir;

    @Test
    void showsOffsetTimestampLengthsChecksumAndHex()
    {
        writeRecords();
        final Cli.Result dump = new Cli(dir).run("dump", "t", "--partition", "0", "--offset", "0");
        assertEquals(0, dump.exitCode(), dump::toString);
        final List<String> lines = dump.lines();
        assertEquals("topic t, partition 0: offsets 0..0 (partition holds 0..2)", lines.get(0));
        assertTrue(lines.get(1).matches("offset 0  timestamp 2024-05-01T12:00:00Z \\(" + T0 + " ns\\)  key 1 B  " +
            "value 5 B  batch 0\\.\\.0  checksum valid \\(0x[0-9a-f]{8}\\)"), lines.get(1));
        // A batch of one record: the 24-byte batch header (checksum, count 1 and no flags, base offset 0, base
        // timestamp), then the record: key length 1, value length 5, timestamp delta 0, key "a", value "first".
        assertTrue(lines.get(2).matches("  00000000  ([0-9a-f]{2} ){4}01 00 00 00  00 00 00 00 00 00 00 00  " +
            "\\|.{16}\\|"), lines.get(2));
        assertEquals("  00000010  00 80 63 f8 99 5b cb 17  01 05 00 61 66 69 72 73  |..c..[.....afirs|", lines.get(3));
        assertEquals("  00000020  74                                                |t|", lines.get(4));
        assertEquals(5, lines.size(), dump::toString);
    }

    @Test
    void reportsADamagedRecordAsInvalidAndGoesOn() throws IOException
    {
        writeRecords();
        damage(DAMAGED_VALUE);

        final Cli.Result dump = new Cli(dir).run("dump", "t", "--partition", "0", "--offset", "0", "--count", "10");
        assertEquals(0, dump.exitCode(), dump::toString);
        final String out = dump.out();
        assertTrue(out.contains("offset 0  timestamp 2024-05-01T12:00:00Z"), out);
        assertTrue(out.matches("(?s).*offset 0 [^\\n]*checksum valid.*"), out);
        assertTrue(out.matches("(?s).*offset 1 [^\\n]*checksum INVALID \\(stored 0x[0-9a-f]{8}, computed " +
            "0x[0-9a-f]{8}\\).*"), out);
        assertTrue(out.contains("corrupt record: topic=t, partition=0, offset=1"), out);
        // the hex view shows the stored bytes, flipped bit included: '-' (0x2d) became ')' (0x29)
        assertTrue(out.contains("|..c..[...$.bthe-|"), out);
        assertTrue(out.contains("6f 6e 65 2d 76 61 6c 75  65 2d 74 68 61 74 29 67  |one-value-that)g|"), out);
        assertTrue(out.matches("(?s).*offset 2 [^\\n]*checksum valid.*"), out);
        assertEquals("", dump.err());

        // consume stops at the damaged record, after printing the one before, naming where
        final Cli.Result consume = new Cli(dir).run("consume", "t");
        assertEquals(1, consume.exitCode(), consume::toString);
        assertEquals(List.of("0\t0\t2024-05-01T12:00:00Z\ta\tfirst"), consume.lines());
        assertEquals(1, consume.err().lines().count(), consume::toString);
        assertTrue(consume.err().startsWith("rill: corrupt record: topic=t, partition=0, offset=1: checksum mismatch"),
            consume::toString);
    }

    private void writeRecords()
    {
        try (RillLog log = RillLog.open(dir))
        {
            final Producer p = log.createTopic("t", TopicConfig.builder(1).build()).producer();
            p.append(0, T0, "a".getBytes(UTF_8), "first".getBytes(UTF_8));
            p.append(0, T0 + 1, "b".getBytes(UTF_8), DAMAGED_VALUE.getBytes(UTF_8));
            p.append(0, T0 + 2, "c".getBytes(UTF_8), "third".getBytes(UTF_8));
        }
    }

    /**
     * Flip one bit in the middle of the only occurrence of {@code pattern} in the partition's queue file.
     */
    private void damage(final String pattern) throws IOException
    {
        final Path file;
        try (Stream<Path> files = Files.list(dir.resolve("topics").resolve("t").resolve("p-0")))
        {
            file = files.filter(f -> f.toString().endsWith(".cq4")).findFirst().orElseThrow();
        }
        final byte[] bytes = Files.readAllBytes(file);
        final byte[] needle = pattern.getBytes(UTF_8);
        int found = -1;
        for (int i = 0; i + needle.length <= bytes.length; i++)
        {
            if (java.util.Arrays.equals(bytes, i, i + needle.length, needle, 0, needle.length))
            {
                assertEquals(-1, found, "pattern found twice in " + file);
                found = i;
            }
        }
        assertTrue(found >= 0, "pattern not found in " + file);
        bytes[found + needle.length / 2] ^= 0x04;
        Files.write(file, bytes);
    }
}
