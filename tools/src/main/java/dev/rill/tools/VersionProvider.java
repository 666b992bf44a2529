package dev.rill.tools;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

import picocli.CommandLine.IVersionProvider;

/**
 * {@code rill --version}: the project version, filtered into {@code rill-tools.properties} by Maven.
 */
final class VersionProvider implements IVersionProvider
{
    @Override
    public String[] getVersion() throws IOException
    {
        final Properties p = new Properties();
        try (InputStream in = VersionProvider.class.getResourceAsStream("/rill-tools.properties"))
        {
            if (in != null)
            {
                p.load(in);
            }
        }
        return new String[] {"rill " + p.getProperty("version", "(unknown version)"),
            "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"};
    }
}
