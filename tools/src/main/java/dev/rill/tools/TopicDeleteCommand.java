package dev.rill.tools;

import java.util.concurrent.Callable;

import dev.rill.log.RillLog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code rill topic delete NAME}.
 */
@Command(name = "delete", description = "Delete a topic and its records (committed group offsets stay).")
final class TopicDeleteCommand implements Callable<Integer>
{
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "Topic name.")
    private String name;

    @Override
    public Integer call()
    {
        try (RillLog log = Commands.rill(spec).openLog())
        {
            log.deleteTopic(name);
            spec.commandLine().getOut().println("deleted topic " + name);
        }
        return 0;
    }
}
