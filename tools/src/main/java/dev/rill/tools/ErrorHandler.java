package dev.rill.tools;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;

import dev.rill.engine.PipelineException;
import dev.rill.log.LogException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Turns every error into one line {@code rill: <message>} on stderr: exit code 2 for bad input (picocli's
 * {@code exitCodeOnInvalidInput}), 1 for a failure while running ({@code exitCodeOnExecutionException}).
 * The stack trace only with {@code --verbose}.
 */
final class ErrorHandler implements IParameterExceptionHandler, IExecutionExceptionHandler
{
    private final Rill rill;

    ErrorHandler(final Rill rill)
    {
        this.rill = rill;
    }

    @Override
    public int handleParseException(final ParameterException ex, final String[] args)
    {
        final CommandLine commandLine = ex.getCommandLine();
        ParameterException shown = ex;
        if (!(ex instanceof UnmatchedArgumentException) && !commandLine.getUnmatchedArguments().isEmpty())
        {
            // a mistyped option also leaves a required one missing: the typo is the news
            shown = new UnmatchedArgumentException(commandLine, commandLine.getUnmatchedArguments());
        }
        String message = message(shown);
        if (shown instanceof UnmatchedArgumentException)
        {
            final List<String> suggestions = ((UnmatchedArgumentException)shown).getSuggestions();
            if (!suggestions.isEmpty())
            {
                message += "; did you mean " + String.join(" or ", suggestions) + "?";
            }
        }
        report(commandLine.getErr(), message, ex);
        return commandLine.getCommandSpec().exitCodeOnInvalidInput();
    }

    @Override
    public int handleExecutionException(final Exception ex, final CommandLine commandLine,
        final ParseResult parseResult)
    {
        report(commandLine.getErr(), message(ex), ex);
        // IllegalArgumentException: the log refused a value the user gave (topic name, partition, group).
        return ex instanceof IllegalArgumentException ? commandLine.getCommandSpec().exitCodeOnInvalidInput() :
            commandLine.getCommandSpec().exitCodeOnExecutionException();
    }

    private void report(final PrintWriter err, final String message, final Throwable ex)
    {
        err.println("rill: " + message);
        if (rill.isVerbose())
        {
            ex.printStackTrace(err);
        }
        err.flush();
    }

    /**
     * @param ex an error.
     * @return its message on one line; the class name too where the message alone would not say what happened.
     */
    static String message(final Throwable ex)
    {
        final Throwable shown = ex instanceof UncheckedIOException && ex.getCause() != null ? ex.getCause() : ex;
        final String message = shown.getMessage();
        final boolean selfExplaining = shown instanceof LogException || shown instanceof PipelineException ||
            shown instanceof ParameterException ||
            shown instanceof IllegalArgumentException || shown instanceof IllegalStateException;
        String line;
        if (message == null || message.isBlank())
        {
            line = shown.getClass().getName();
        }
        else if (selfExplaining)
        {
            line = message;
        }
        else
        {
            line = shown.getClass().getSimpleName() + ": " + message;
        }
        line = line.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
        return line;
    }
}
