package dev.rill.tools;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import dev.rill.log.RillLog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code rill topic list}: topic names, one per line, sorted.
 */
@Command(name = "list", description = "List the topics, one name per line.")
final class TopicListCommand implements Callable<Integer>
{
    @Spec
    private CommandSpec spec;

    @Override
    public Integer call()
    {
        final PrintWriter out = spec.commandLine().getOut();
        try (RillLog log = Commands.rill(spec).openLog())
        {
            for (final String name : log.topicNames())
            {
                out.println(name);
            }
        }
        return 0;
    }
}
