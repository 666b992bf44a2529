package dev.rill.engine.examples;

import java.nio.file.Path;
import java.util.List;

import dev.rill.engine.BatchTime;
import dev.rill.engine.JobContext;
import dev.rill.engine.OverlongLinePolicy;
import dev.rill.engine.Pipeline;
import dev.rill.engine.PipelineConfig;
import dev.rill.engine.RillJob;
import dev.rill.engine.TextFileSourceOptions;

/**
 * Spark's {@code hdfs_wordcount} ({@code HdfsWordCount.scala}): counts the words of the text files that appear in a
 * directory, per batch of 1 s, printed in Spark's format. As Spark's {@code textFileStream}, only files that appear
 * after the start are read, each once; write a file under a name starting with {@code .} or {@code _} and rename it
 * into place so it is never read half-written.
 * <pre>
 *   $ rill example hdfs-wordcount /tmp/words &amp;
 *   $ echo "hello world hello" &gt; /tmp/words/.f1 &amp;&amp; mv /tmp/words/.f1 /tmp/words/f1
 *   -------------------------------------------
 *   Time: 1714564801000 ms
 *   -------------------------------------------
 *   (hello,2)
 *   (world,1)
 * </pre>
 * The directory is a local one (the engine has no HDFS client); lines over 64 bytes are cut and counted.
 */
public final class HdfsWordCount implements RillJob
{
    /** Usage line. */
    public static final String USAGE = "hdfs-wordcount <directory>";

    @Override
    public Pipeline build(final JobContext context)
    {
        final List<String> args = context.args();
        ExampleArgs.expect(args, 1, USAGE);
        return create(context.configBuilder(), Path.of(args.get(0)), new WordDictionary());
    }

    /**
     * @param config    the configuration to start from; the batch interval is set to 1 s of processing time.
     * @param directory the directory to watch; must exist when the pipeline starts.
     * @param words     the dictionary of words seen.
     * @return the pipeline, built, not started.
     */
    public static Pipeline create(final PipelineConfig.Builder config, final Path directory, final WordDictionary words)
    {
        final Pipeline pipeline = Pipeline.create(config.batchInterval(BatchTime.PROCESSING_TIME, 1_000).build());
        pipeline.textFileStream(TextFileSourceOptions.directory(directory).overlongLines(OverlongLinePolicy.TRUNCATE)
                .build())
            .flatMap("split", new WordSplitter(words))
            .reduceByKey(Long::sum)
            .format(words.pairFormatter())
            .print();
        return pipeline;
    }
}
