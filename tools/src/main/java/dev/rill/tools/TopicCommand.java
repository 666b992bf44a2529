package dev.rill.tools;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code rill topic}: the topic subcommands.
 */
@Command(
    name = "topic",
    description = "Create, list, describe and delete topics.",
    subcommands = {
        TopicCreateCommand.class,
        TopicListCommand.class,
        TopicDescribeCommand.class,
        TopicDeleteCommand.class,
    })
final class TopicCommand implements Runnable
{
    @Spec
    private CommandSpec spec;

    @Override
    public void run()
    {
        throw new ParameterException(spec.commandLine(),
            "missing subcommand: create, list, describe or delete ('rill topic --help' explains them)");
    }
}
