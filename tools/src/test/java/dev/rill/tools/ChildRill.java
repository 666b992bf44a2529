package dev.rill.tools;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code rill} as a user runs it, in a child JVM: {@code java.home/bin/java}, the JVM flags the build gives the tests
 * (the root pom's {@code rill.jvm.flags}: the {@code --add-*} flags Chronicle and Agrona need, the {@code -D} flags that
 * quiet Chronicle, and {@code rill.test.props}), the test class path and {@link Rill}'s main class. Not the
 * {@code tools/rill} launcher, which may run Maven. Used from the test thread only.
 */
final class ChildRill
{
    private ChildRill()
    {
    }

    /**
     * @param jvmArgs  extra JVM arguments (heap, system properties), after the build's flags.
     * @param rillArgs the command line given to {@code rill}.
     * @return the child's command line.
     */
    static List<String> command(final List<String> jvmArgs, final String... rillArgs)
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        final List<String> in = ManagementFactory.getRuntimeMXBean().getInputArguments();
        for (int i = 0; i < in.size(); i++)
        {
            final String arg = in.get(i);
            if (arg.startsWith("--add-") || arg.startsWith("-D") || arg.startsWith("--enable-native-access"))
            {
                command.add(arg);
                // "--add-opens java.base/java.nio=ALL-UNNAMED" in two words
                if (!arg.contains("=") && arg.startsWith("--add-") && i + 1 < in.size())
                {
                    command.add(in.get(++i));
                }
            }
        }
        command.addAll(jvmArgs);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Rill.class.getName());
        command.addAll(List.of(rillArgs));
        return command;
    }

    /**
     * Start {@code rill --dir DATA ARGS} with stdout and stderr going to files.
     *
     * @param data   the data directory.
     * @param stdout file for stdout.
     * @param stderr file for stderr.
     * @param args   the command and its arguments.
     * @return the running child.
     * @throws IOException if it cannot be started.
     */
    static Process start(final Path data, final Path stdout, final Path stderr, final String... args)
        throws IOException
    {
        final List<String> all = new ArrayList<>(List.of("--dir", data.toString()));
        all.addAll(List.of(args));
        return new ProcessBuilder(command(List.of("-Xmx512m"), all.toArray(new String[0])))
            .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
    }
}
