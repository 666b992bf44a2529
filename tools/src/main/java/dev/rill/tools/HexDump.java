package dev.rill.tools;

import java.io.PrintWriter;

/**
 * {@code hexdump -C} style lines: offset, 16 bytes in hex (two groups of 8), the printable ASCII.
 */
final class HexDump
{
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private HexDump()
    {
    }

    /**
     * @param out    where to print.
     * @param indent put before every line.
     * @param bytes  bytes to show.
     * @param length how many of them, from the start.
     */
    static void print(final PrintWriter out, final String indent, final byte[] bytes, final int length)
    {
        final StringBuilder line = new StringBuilder(80);
        for (int at = 0; at < length; at += 16)
        {
            line.setLength(0);
            line.append(indent);
            for (int shift = 28; shift >= 0; shift -= 4)
            {
                line.append(HEX[(at >>> shift) & 0xF]);
            }
            line.append("  ");
            for (int i = 0; i < 16; i++)
            {
                if (at + i < length)
                {
                    final int b = bytes[at + i] & 0xFF;
                    line.append(HEX[b >>> 4]).append(HEX[b & 0xF]).append(' ');
                }
                else
                {
                    line.append("   ");
                }
                if (i == 7)
                {
                    line.append(' ');
                }
            }
            line.append(" |");
            for (int i = 0; i < 16 && at + i < length; i++)
            {
                final int b = bytes[at + i] & 0xFF;
                line.append(b >= 0x20 && b < 0x7F ? (char)b : '.');
            }
            line.append('|');
            out.println(line);
        }
    }
}
