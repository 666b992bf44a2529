package dev.rill.log;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The writer's mapping of a queue file has kernel read-ahead off, as the kernel itself reports it: the mapping's
 * {@code VmFlags} line in {@code /proc/self/smaps} holds {@code rr} (random read). Linux only.
 */
class WriteMappingAdviceTest extends LogTestBase
{
    @TempDir
    Path dir;

    @Test
    void theWritersMappingHasReadAheadOff() throws IOException
    {
        final Path smaps = Path.of("/proc/self/smaps");
        assumeTrue(Files.isReadable(smaps), "needs Linux /proc/self/smaps");
        assumeTrue(WriteMappingAdvice.ENABLED, "turned off with -Drill.log.writeMappingAdvice=false");
        try (RillLog log = RillLog.open(dir))
        {
            final Topic topic = log.createTopic("t", TopicConfig.builder(1).build());
            final UnsafeBuffer value = new UnsafeBuffer(new byte[32]);
            for (int i = 0; i < 1000; i++)
            {
                topic.producer().append(0, i, value, 0, 0, value, 0, 32);
            }
            final long address = topic.partition(0).writeMappingAdvisedAddress();
            assertNotEquals(0, address, "the writer advised no mapping");
            final String flags = vmFlagsOfMappingAt(Files.readAllLines(smaps), address);
            assertNotNull(flags, "no mapping starts at 0x" + Long.toHexString(address) + " in " + smaps);
            assertTrue(List.of(flags.trim().split(" +")).contains("rr"),
                "the writer's mapping keeps read-ahead on: " + flags);
        }
    }

    /**
     * @return the flags of the mapping that starts at {@code address}, null if there is none.
     */
    private static String vmFlagsOfMappingAt(final List<String> smaps, final long address)
    {
        boolean inside = false;
        for (final String line : smaps)
        {
            final int dash = line.indexOf('-');
            if (dash > 0 && line.indexOf(' ') > dash && isHex(line.substring(0, dash)))
            {
                inside = Long.parseUnsignedLong(line.substring(0, dash), 16) == address;
            }
            else if (inside && line.startsWith("VmFlags:"))
            {
                return line.substring("VmFlags:".length());
            }
        }
        return null;
    }

    private static boolean isHex(final String s)
    {
        for (int i = 0; i < s.length(); i++)
        {
            if (Character.digit(s.charAt(i), 16) < 0)
            {
                return false;
            }
        }
        return !s.isEmpty();
    }
}
