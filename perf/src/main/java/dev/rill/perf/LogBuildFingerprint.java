package dev.rill.perf;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A short fingerprint of the Rill log classes on the classpath, so a report says which build of the log it
 * measured (the log is a SNAPSHOT that changes between builds).
 */
public final class LogBuildFingerprint
{
    private static final String[] CLASSES = {
        "dev/rill/log/Producer.class", "dev/rill/log/Consumer.class", "dev/rill/log/PartitionLog.class",
        "dev/rill/log/RecordView.class", "dev/rill/log/RecordChecksum.class", "dev/rill/log/Topic.class",
        "dev/rill/log/RillLog.class", "dev/rill/log/TopicConfig.class",
    };

    private LogBuildFingerprint()
    {
    }

    /**
     * @return the first 12 hex digits of a SHA-256 over the main log classes, or a note if one is missing.
     */
    public static String of()
    {
        try
        {
            final MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (final String name : CLASSES)
            {
                try (InputStream in = LogBuildFingerprint.class.getClassLoader().getResourceAsStream(name))
                {
                    if (in == null)
                    {
                        return "unknown (" + name + " not found)";
                    }
                    digest.update(in.readAllBytes());
                }
            }
            final StringBuilder hex = new StringBuilder();
            for (final byte b : digest.digest())
            {
                hex.append(String.format("%02x", b));
            }
            return hex.substring(0, 12);
        }
        catch (final IOException | NoSuchAlgorithmException ex)
        {
            return "unknown (" + ex.getMessage() + ")";
        }
    }
}
