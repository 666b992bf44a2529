package dev.rill.engine.internal.checkpoint;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32C;

import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Layout of a stage shard's state file, {@code <dir>/chk-<id>/s<stage>-<shard>.state}. Little-endian.
 * <pre>
 *   0                   8           12               20          24          28              32
 *   +-------------------+-----------+----------------+-----------+-----------+---------------+
 *   | magic "RILLSTAT"  | version=1 | checkpoint id  | stage     | shard     | section count |
 *   +-------------------+-----------+----------------+-----------+-----------+---------------+
 *   then section count times:
 *   +--------------------+-------------------+-------------------+----------------------+
 *   | name length (int)  | name (UTF-8)      | data length (int) | data (participant's) |
 *   +--------------------+-------------------+-------------------+----------------------+
 *   then:
 *   +-----------------------------------------------+
 *   | CRC32C (int) of every byte before it           |
 *   +-----------------------------------------------+
 * </pre>
 * A reader checks the length, the magic, the version and the CRC before it looks at a section; a file that fails
 * any check is damaged and its checkpoint is not used.
 */
public final class StateFileDescriptor
{
    /** "RILLSTAT" as a little-endian long. */
    public static final long MAGIC = 0x5441_5453_4c4c_4952L;
    /** Layout version. */
    public static final int VERSION = 1;
    /** Bytes before the first section. */
    public static final int HEADER_LENGTH = 32;

    private StateFileDescriptor()
    {
    }

    /**
     * Writes the header; sections follow at {@link #HEADER_LENGTH}.
     */
    static void writeHeader(final ExpandableArrayBuffer out, final long checkpointId, final int stage, final int shard,
        final int sections)
    {
        out.putLong(0, MAGIC);
        out.putInt(8, VERSION);
        out.putLong(12, checkpointId);
        out.putInt(20, stage);
        out.putInt(24, shard);
        out.putInt(28, sections);
    }

    /**
     * Appends the CRC32C of {@code [0, length)} at {@code length}.
     *
     * @return the file's length.
     */
    static int seal(final ExpandableArrayBuffer out, final int length)
    {
        final CRC32C crc = new CRC32C();
        crc.update(out.byteArray(), 0, length);
        out.putInt(length, (int)crc.getValue());
        return length + Integer.BYTES;
    }

    /**
     * @param bytes a whole state file.
     * @param file  its name, for errors.
     * @return its sections by name, as buffers over {@code bytes}.
     * @throws IllegalStateException naming the file and the check that failed.
     */
    static Map<String, DirectBuffer> read(final byte[] bytes, final String file)
    {
        if (bytes.length < HEADER_LENGTH + Integer.BYTES)
        {
            throw new IllegalStateException("state file " + file + " is truncated: " + bytes.length + " bytes");
        }
        final UnsafeBuffer in = new UnsafeBuffer(bytes);
        final CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - Integer.BYTES);
        if ((int)crc.getValue() != in.getInt(bytes.length - Integer.BYTES))
        {
            throw new IllegalStateException("state file " + file + " fails its CRC32C check (damaged or truncated, " +
                bytes.length + " bytes)");
        }
        if (in.getLong(0) != MAGIC || in.getInt(8) != VERSION)
        {
            throw new IllegalStateException("state file " + file + " has magic/version " + Long.toHexString(
                in.getLong(0)) + "/" + in.getInt(8) + ", expected " + Long.toHexString(MAGIC) + "/" + VERSION);
        }
        final int sections = in.getInt(28);
        final Map<String, DirectBuffer> out = new LinkedHashMap<>();
        int at = HEADER_LENGTH;
        for (int i = 0; i < sections; i++)
        {
            final int nameLength = in.getInt(at);
            final String name = in.getStringWithoutLengthUtf8(at + 4, nameLength);
            at += 4 + nameLength;
            final int length = in.getInt(at);
            at += 4;
            out.put(name, new UnsafeBuffer(bytes, at, length));
            at += length;
        }
        return out;
    }

    static int writeSectionName(final ExpandableArrayBuffer out, final int offset, final String name)
    {
        final byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
        out.putInt(offset, utf8.length);
        out.putBytes(offset + 4, utf8);
        return offset + 4 + utf8.length;
    }
}
