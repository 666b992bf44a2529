package dev.rill.engine;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.agrona.ErrorHandler;
import org.agrona.concurrent.AgentInvoker;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.AgentTerminationException;

import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.RingBuffer;

import dev.rill.engine.internal.Batcher;
import dev.rill.engine.internal.CountNode;
import dev.rill.engine.internal.EventSink;
import dev.rill.engine.internal.FilterNode;
import dev.rill.engine.internal.FlatMapNode;
import dev.rill.engine.internal.ForeachOutput;
import dev.rill.engine.internal.GeneratorSource;
import dev.rill.engine.internal.LogSinkOutput;
import dev.rill.engine.internal.LogSource;
import dev.rill.engine.internal.MapNode;
import dev.rill.engine.internal.Metered;
import dev.rill.engine.internal.MeteredAgent;
import dev.rill.engine.internal.MeteredIdleStrategy;
import dev.rill.engine.internal.Output;
import dev.rill.engine.internal.OutputMeter;
import dev.rill.engine.internal.PackedRecords;
import dev.rill.engine.internal.PipelineRuntime;
import dev.rill.engine.internal.ReduceNode;
import dev.rill.engine.internal.RingInput;
import dev.rill.engine.internal.RingWriter;
import dev.rill.engine.internal.ShardRouter;
import dev.rill.engine.internal.SlotRunSource;
import dev.rill.engine.internal.SourceReader;
import dev.rill.engine.internal.StageAgent;
import dev.rill.engine.internal.StageMeter;
import dev.rill.engine.internal.TransformNode;
import dev.rill.engine.internal.keyed.ShardBatchNode;
import dev.rill.engine.internal.keyed.ShardOperatorFactory;
import dev.rill.engine.internal.source.SocketTextSource;
import dev.rill.engine.internal.source.TextFileSource;
import dev.rill.log.RillLog;

/**
 * The streaming context (Spark's {@code StreamingContext}): owns the sources, plans the streams built on it into
 * stages, and runs them. Build streams, then {@link #start()}, then {@link #awaitTermination(long)} or
 * {@link #stop(boolean)}.
 * <p>
 * Threading ({@link PipelineConfig#threadingMode()}): {@link ThreadingMode#DEDICATED} runs each stage shard on
 * its own thread (an Agrona {@code AgentRunner} with the stage's wait strategy); {@link ThreadingMode#STEPPING}
 * runs nothing by itself: the caller drives duty cycles with {@link #step()}, {@link #stepStage(int)},
 * {@link #runUntilIdle()} or {@link #awaitTermination(long)}, deterministically, on its own thread.
 * <p>
 * An exception in a user function stops the whole pipeline with a {@link PipelineException} naming the operator
 * and the source record; {@link #awaitTermination(long)}, {@link #stop(boolean)} and the stepping methods throw it.
 * The building methods and the lifecycle methods are to be called from one thread.
 */
public final class Pipeline implements AutoCloseable
{
    private enum State
    {
        BUILDING, RUNNING, STOPPED
    }

    private final PipelineConfig config;
    private final List<StageSpec> stages = new ArrayList<>();
    private final List<StageAgent> agents = new ArrayList<>();
    private final List<int[]> agentsByStage = new ArrayList<>();
    private final List<AgentRunner> runners = new ArrayList<>();
    private final List<AgentInvoker> invokers = new ArrayList<>();
    private final List<LogSinkOutput> logSinks = new ArrayList<>();
    private final List<StageMeter> meters = new ArrayList<>();
    private final List<RingInput[][]> ringInputs = new ArrayList<>();
    final List<Metered> meteredOperators = new ArrayList<>();
    private PipelineRuntime runtime;
    private State state = State.BUILDING;
    private int operatorCount;
    private boolean failureReported;
    private java.nio.file.Path checkpointDir;
    private long checkpointIntervalMs;
    private int checkpointsToKeep = 3;
    private boolean ignoreCheckpoints;
    private int logSourceCount;
    private dev.rill.engine.internal.checkpoint.CheckpointStore.LoadedCheckpoint restoreFrom;
    private dev.rill.engine.internal.checkpoint.CheckpointCoordinator coordinator;
    private final List<String> checkpointWarnings = new ArrayList<>();

    /**
     * Spark's {@code ssc.checkpoint(dir)}: barriers are injected at every source every {@code intervalMs} of the
     * pipeline clock, and each stage shard writes its state under {@code dir/chk-<id>/} (see ENGINE.md,
     * "Checkpoints"). Ignored after {@link #ignoreCheckpoints()}.
     *
     * @param dir        the checkpoint directory (created; must be writable).
     * @param intervalMs time between checkpoints, at least 1.
     * @param keep       complete checkpoints kept, at least 1 (Spark keeps a few too).
     * @return this.
     */
    public Pipeline checkpoint(final java.nio.file.Path dir, final long intervalMs, final int keep)
    {
        if (intervalMs < 1 || keep < 1)
        {
            throw new IllegalArgumentException("checkpoint interval must be >= 1 ms and keep >= 1: intervalMs=" +
                intervalMs + ", keep=" + keep);
        }
        this.checkpointDir = dir;
        this.checkpointIntervalMs = intervalMs;
        this.checkpointsToKeep = keep;
        return this;
    }

    /**
     * {@link #checkpoint(java.nio.file.Path, long, int)} keeping the last 3.
     *
     * @param dir        the checkpoint directory.
     * @param intervalMs time between checkpoints.
     * @return this.
     */
    public Pipeline checkpoint(final java.nio.file.Path dir, final long intervalMs)
    {
        return checkpoint(dir, intervalMs, 3);
    }

    /**
     * Replay mode: no checkpoint is restored or written, whatever {@link #checkpoint} says; with
     * {@code LogSourceOptions.from(StartPosition.offset/timestamp)} this re-runs a log range without touching the
     * checkpoints.
     *
     * @return this.
     */
    public Pipeline ignoreCheckpoints()
    {
        this.ignoreCheckpoints = true;
        return this;
    }

    /**
     * Spark's {@code StreamingContext.getOrCreate}: the factory builds the pipeline (code is the source of truth for
     * its shape; it should call {@link #checkpoint}); if {@code dir} holds a complete checkpoint, {@link #start()}
     * loads its state into every stage shard and positions log sources at its offsets, refusing a checkpoint of
     * another shape with a message saying what differs. A damaged checkpoint (bad CRC, truncated or missing file)
     * falls back to the previous complete one, with a warning naming the file ({@link #checkpointWarnings()}).
     *
     * @param dir     the checkpoint directory.
     * @param factory builds the pipeline.
     * @return the pipeline, not started.
     */
    public static Pipeline getOrCreate(final java.nio.file.Path dir, final java.util.function.Supplier<Pipeline> factory)
    {
        final Pipeline pipeline = factory.get();
        if (pipeline.ignoreCheckpoints)
        {
            return pipeline;
        }
        final dev.rill.engine.internal.checkpoint.CheckpointStore store =
            new dev.rill.engine.internal.checkpoint.CheckpointStore(dir);
        for (final long id : store.completeIds())
        {
            try
            {
                pipeline.restoreFrom = store.load(id);
                break;
            }
            catch (final IllegalStateException ex)
            {
                final String warning = "checkpoint " + id + " is not usable, falling back to the previous one: " +
                    ex.getMessage();
                pipeline.checkpointWarnings.add(warning);
                System.getLogger(Pipeline.class.getName()).log(System.Logger.Level.WARNING, warning);
            }
        }
        return pipeline;
    }

    /**
     * @return warnings of {@link #getOrCreate} about damaged checkpoints skipped.
     */
    public List<String> checkpointWarnings()
    {
        return List.copyOf(checkpointWarnings);
    }

    /**
     * @return the id of the checkpoint restored, 0 if none.
     */
    public long restoredCheckpointId()
    {
        return restoreFrom == null ? 0 : restoreFrom.id();
    }

    /**
     * @return the newest checkpoint completed by this run, 0 if none.
     */
    public long lastCheckpointId()
    {
        return coordinator == null ? 0 : coordinator.lastCompletedId();
    }

    /**
     * @return pause (ns) and state bytes per stage shard per checkpoint of this run.
     */
    public List<dev.rill.engine.internal.checkpoint.CheckpointCoordinator.CheckpointStats> checkpointStats()
    {
        return coordinator == null ? List.of() : coordinator.stats();
    }

    private Pipeline(final PipelineConfig config)
    {
        this.config = config;
        // a replay never reads, writes or deletes a checkpoint: decided before getOrCreate looks at the directory
        this.ignoreCheckpoints = config.replayFrom() != null;
    }

    /**
     * @param config threading, waits, ring sizes.
     * @return a new pipeline with no streams.
     */
    public static Pipeline create(final PipelineConfig config)
    {
        return new Pipeline(Objects.requireNonNull(config, "config"));
    }

    /**
     * @return the configuration.
     */
    public PipelineConfig config()
    {
        return config;
    }

    /**
     * A source of the reference workload's events 0 to {@code count - 1} ({@link ReferenceGenerator}), ending
     * its stream after the last one.
     *
     * @param symbols K, the number of symbols.
     * @param count   events to generate.
     * @return the stream, in a new single-shard source stage.
     */
    public EventStream generatorStream(final int symbols, final long count)
    {
        if (count < 0)
        {
            throw new IllegalArgumentException("count must be >= 0: " + count);
        }
        final String name = operatorName(null, "generator");
        return new EventStream(this, newStage(1, new GeneratorSource(name, symbols, count)), 0);
    }

    /**
     * A source over a log topic. The topic must exist when the pipeline starts.
     *
     * @param log     the log holding the topic.
     * @param options topic, start position, partitions, follow or stop at end, decoder.
     * @return the stream, in a new single-shard source stage.
     */
    public EventStream topicStream(final RillLog log, final LogSourceOptions options)
    {
        Objects.requireNonNull(log, "log");
        Objects.requireNonNull(options, "options");
        final String name = operatorName(null, "topicStream");
        final LogSourceOptions effective = config.replayFrom() == null ? options : options.from(config.replayFrom());
        logSourceCount++;
        return new EventStream(this, newStage(1, new LogSource(name, log, effective)), 0);
    }

    /**
     * A source over prepared records (Spark's {@code queueStream}), for tests and examples: reads what is added to
     * the queue, per partition in order; ends once the queue has ended and everything was read.
     *
     * @param queue the records.
     * @return the stream, in a new single-shard source stage.
     */
    public EventStream queueStream(final EventQueue queue)
    {
        Objects.requireNonNull(queue, "queue");
        final String name = operatorName(null, "queueStream");
        return new EventStream(this, newStage(1, new QueueSource(name, queue)), 0);
    }

    /**
     * A source of text lines from a server this pipeline connects to as a client (Spark's
     * {@code socketTextStream}), one event per line; see {@link #socketTextStream(SocketSourceOptions)}.
     *
     * @param host host to connect to (use the loopback address unless the server is elsewhere).
     * @param port port to connect to.
     * @return the stream, in a new single-shard source stage.
     */
    public EventStream socketTextStream(final String host, final int port)
    {
        return socketTextStream(SocketSourceOptions.port(port).host(host).build());
    }

    /**
     * A source of text lines from a server this pipeline connects to as a client, one event per line (UTF-8 bytes
     * in the byte area; source {@code host:port}, partition 0, offset the line number). The socket is read on a
     * small receiver thread that hands lines to the stage through a bounded ring of bytes (full: the receiver
     * waits). A refused or lost connection is logged, counted in {@link #metrics()} and retried with backoff; the
     * pipeline keeps running. Unbounded: ends when the pipeline stops.
     *
     * @param options host (loopback by default), port, overlong lines, backoff.
     * @return the stream, in a new single-shard source stage.
     */
    public EventStream socketTextStream(final SocketSourceOptions options)
    {
        Objects.requireNonNull(options, "options");
        final String name = operatorName(null, "socketTextStream");
        return new EventStream(this, newStage(1, new SocketTextSource(name, options, config.clock())), 0);
    }

    /**
     * New text files in a directory (Spark's {@code textFileStream}); see
     * {@link #textFileStream(TextFileSourceOptions)}.
     *
     * @param directory the directory; it must exist when the pipeline starts.
     * @return the stream, in a new single-shard source stage.
     */
    public EventStream textFileStream(final String directory)
    {
        Objects.requireNonNull(directory, "directory");
        return textFileStream(TextFileSourceOptions.directory(Path.of(directory)).build());
    }

    /**
     * New text files in a directory, each read once, one event per line (bytes in the byte area; source the file's
     * path, partition 0, offset the line number). Files there at start are not read; names starting with
     * {@code '.'} or {@code '_'} are ignored, so write a file under such a name and rename it into place when
     * complete. The directory is listed from the stage's duty cycle every {@code pollIntervalMs}. A directory that
     * does not exist fails {@link #start()} naming it. Unbounded: ends when the pipeline stops.
     *
     * @param options directory, listing interval, overlong lines.
     * @return the stream, in a new single-shard source stage.
     */
    public EventStream textFileStream(final TextFileSourceOptions options)
    {
        Objects.requireNonNull(options, "options");
        final String name = operatorName(null, "textFileStream");
        return new EventStream(this, newStage(1, new TextFileSource(name, options, config.clock())), 0);
    }

    StageSpec newStage(final int shards, final SourceReader source)
    {
        ensureBuilding();
        final StageSpec stage = new StageSpec(stages.size(), shards, source);
        stages.add(stage);
        return stage;
    }

    String operatorName(final String given, final String prefix)
    {
        ensureBuilding();
        operatorCount++;
        return given != null ? given : prefix + "#" + operatorCount;
    }

    void ensureBuilding()
    {
        if (state != State.BUILDING)
        {
            throw new IllegalStateException("pipeline already started: streams and operators must be added before " +
                "start()");
        }
    }

    /**
     * Plan and start: open sources and sinks (a missing topic fails here), make the rings, start the stage
     * threads (or, in stepping mode, the agents without threads).
     *
     * @throws IllegalStateException if already started, or if there is no output operation or a stream has none.
     */
    public void start()
    {
        if (state != State.BUILDING)
        {
            throw new IllegalStateException("pipeline already started");
        }
        validate();
        if (config.replayFrom() != null && logSourceCount == 0)
        {
            throw new IllegalArgumentException("replay from " + config.replayFrom() + ": the pipeline has no " +
                "log-topic source to start there (only topicStream sources replay a log; sockets, files, " +
                "generators and queues cannot)");
        }
        final List<SourceReader> opened = new ArrayList<>();
        try
        {
            for (final StageSpec stage : stages)
            {
                if (stage.source != null)
                {
                    stage.source.open();
                    opened.add(stage.source);
                }
            }
            instantiate();
            for (final LogSinkOutput sink : logSinks)
            {
                sink.open();
                if (coordinator != null && restoreFrom == null)
                {
                    sink.holdUntilFirstCheckpoint(coordinator::lastCompletedId);
                }
            }
        }
        catch (final RuntimeException ex)
        {
            for (final SourceReader source : opened)
            {
                source.close();
            }
            state = State.STOPPED;
            throw ex;
        }
        state = State.RUNNING;
        for (final StageAgent agent : agents)
        {
            final StageMeter meter = meters.get(agents.indexOf(agent));
            final ErrorHandler errorHandler = ex ->
            {
                if (!(ex instanceof AgentTerminationException))
                {
                    runtime.fail(agent.roleName(), ex);
                }
            };
            if (config.threadingMode() == ThreadingMode.STEPPING)
            {
                final AgentInvoker invoker = new AgentInvoker(errorHandler, null, new MeteredAgent(agent, meter));
                invokers.add(invoker);
                invoker.start();
            }
            else
            {
                final AgentRunner runner = new AgentRunner(
                    new MeteredIdleStrategy(waitOf(stageOf(agent)).newIdleStrategy(), meter), errorHandler, null,
                    new MeteredAgent(agent, meter));
                runners.add(runner);
                AgentRunner.startOnThread(runner);
            }
        }
    }

    private dev.rill.engine.internal.checkpoint.CheckpointCoordinator checkpointCoordinator()
    {
        return coordinator;
    }

    private StageSpec stageOf(final StageAgent agent)
    {
        final int index = agents.indexOf(agent);
        for (int s = 0; s < agentsByStage.size(); s++)
        {
            final int[] range = agentsByStage.get(s);
            if (index >= range[0] && index < range[1])
            {
                return stages.get(s);
            }
        }
        throw new IllegalStateException("agent " + agent.roleName() + " has no stage");
    }

    private WaitStrategy waitOf(final StageSpec stage)
    {
        return stage.waitStrategy != null ? stage.waitStrategy : config.waitStrategy();
    }

    private void validate()
    {
        boolean anyOutput = false;
        for (final StageSpec stage : stages)
        {
            anyOutput |= stage.sinkName != null;
        }
        if (!anyOutput)
        {
            throw new IllegalStateException("no output operations registered, so nothing to execute: end a stream " +
                "with foreach, foreachBatch, print, saveAsTextFiles or saveToTopic");
        }
        for (final StageSpec stage : stages)
        {
            if (!stage.hasOutput())
            {
                final String last = stage.ops.isEmpty() ? "stage " + stage.id : stage.ops.get(stage.ops.size() - 1).name;
                throw new IllegalStateException("the stream ending at " + last + " has no output operation");
            }
        }
    }

    private static String ringName(final int stage, final int input, final int shard)
    {
        return "s" + stage + ".in" + input + "." + shard;
    }

    private void instantiate()
    {
        int shardCount = 0;
        for (final StageSpec stage : stages)
        {
            shardCount += stage.shards;
        }
        runtime = new PipelineRuntime(shardCount);
        boolean needsWatermarks = false;
        for (final StageSpec stage : stages)
        {
            needsWatermarks |= stage.hasBatcher();
        }
        // rings[stage][input][shard]
        final List<RingInput[][]> rings = new ArrayList<>();
        for (final StageSpec stage : stages)
        {
            final RingInput[][] byInput = new RingInput[stage.inputs.size()][stage.shards];
            for (int i = 0; i < stage.inputs.size(); i++)
            {
                final int producers = stage.producersOf(stage.inputs.get(i));
                final boolean packed = packsRecords(stage, i);
                for (int j = 0; j < stage.shards; j++)
                {
                    // Stages poll and idle with Agrona strategies and never wait on the ring's barrier, so the ring's
                    // wait strategy only matters for its publish-side signal: busy-spin's is a no-op (no lock).
                    final PackedRecords records = packed ? new PackedRecords(packedRingSlots()) : null;
                    final RingBuffer<Event> ring = producers > 1 ?
                        RingBuffer.createMultiProducer(Event::new, config.ringSize(), new BusySpinWaitStrategy()) :
                        packed ? RingBuffer.createSingleProducer(Event::new, records.slots(),
                            new BusySpinWaitStrategy()) :
                        RingBuffer.createSingleProducer(Event::new, config.ringSize(), new BusySpinWaitStrategy());
                    byInput[i][j] = new RingInput(ringName(stage.id, i, j), ring, producers, records);
                }
            }
            rings.add(byInput);
            ringInputs.add(byInput);
        }
        final boolean stepping = config.threadingMode() == ThreadingMode.STEPPING;
        final StringBuilder shapeBuilder = new StringBuilder("batch=" + config.batchIntervalMs() + "ms");
        if (checkpointDir != null && !ignoreCheckpoints)
        {
            final dev.rill.engine.internal.checkpoint.CheckpointStore store =
                new dev.rill.engine.internal.checkpoint.CheckpointStore(checkpointDir);
            store.checkWritable();
            store.deletePartial();
            coordinator = new dev.rill.engine.internal.checkpoint.CheckpointCoordinator(store, checkpointIntervalMs,
                checkpointsToKeep, shardCount, restoreFrom == null ? 1 : restoreFrom.id() + 1, !stepping);
        }
        for (final StageSpec stage : stages)
        {
            final int first = agents.size();
            final int reserve = stage.hasFlatMap() ? config.maxOutputsPerInput() : 1;
            for (int j = 0; j < stage.shards; j++)
            {
                final Output baseOutput = output(stage, j, rings, reserve);
                final Output output = KeyedPlan.wrapOutput(stage, baseOutput);
                final StageMeter meter = new StageMeter();
                meters.add(meter);
                final OutputMeter outputMeter = new OutputMeter(output, meter);
                EventSink head = outputMeter;
                final List<Object> chainNodes = new ArrayList<>();
                for (int k = stage.ops.size() - 1; k >= 0; k--)
                {
                    final StageSpec.Op op = stage.ops.get(k);
                    head = op.kind == StageSpec.OpKind.KEYED ?
                        KeyedPlan.node(op, config, runtime, j, stage.shards, head) : node(op, head);
                    chainNodes.add(0, head);
                }
                final RingInput[] inputs = new RingInput[stage.inputs.size()];
                for (int i = 0; i < inputs.length; i++)
                {
                    inputs[i] = rings.get(stage.id)[i][j];
                }
                final StageAgent agent = new StageAgent(roleName(stage, j), runtime, stage.source, inputs, head,
                    output, reserve, config.batchSize(), stepping ? -1 : stage.cpu, config, needsWatermarks);
                if (checkpointDir != null && !ignoreCheckpoints)
                {
                    agent.checkpoint(dev.rill.engine.internal.checkpoint.CheckpointPlan.stage(this::checkpointCoordinator,
                        stage.id, j, stage.shards, roleName(stage, j), stage.source, chainNodes, baseOutput, inputs, restoreFrom,
                        shapeBuilder));
                }
                if (takesSlotRuns(stage) && outputMeter.lendsSlotRuns())
                {
                    agent.slotRuns((SlotRunSource)stage.source, chainNodes.toArray(new MapNode[0]), outputMeter);
                }
                final int runsInto = batchRunsInto(stage);
                if (runsInto >= 0)
                {
                    agent.batchRuns(chainNodes.subList(0, runsInto).toArray(new MapNode[0]),
                        (ShardBatchNode)chainNodes.get(runsInto));
                }
                agents.add(agent);
            }
            agentsByStage.add(new int[] {first, agents.size()});
        }
        if (coordinator != null)
        {
            dev.rill.engine.internal.checkpoint.CheckpointPlan.checkShape(restoreFrom, shapeBuilder.toString());
            coordinator.shape(shapeBuilder.toString());
        }
    }

    private Output output(final StageSpec stage, final int shard, final List<RingInput[][]> rings, final int reserve)
    {
        final String fanOutOperator = stage.lastFlatMapName();
        final int maxOutputs = reserve == 1 ? Integer.MAX_VALUE : reserve;
        if (stage.foreach != null)
        {
            return new ForeachOutput(stage.sinkName, stage.foreach);
        }
        if (stage.sinkFactory != null)
        {
            return stage.sinkFactory.get();
        }
        if (stage.sinkLog != null)
        {
            final LogSinkOutput sink = new LogSinkOutput(stage.sinkName, stage.sinkLog.topic(stage.sinkTopic));
            logSinks.add(sink);
            return sink;
        }
        final StageSpec down = stage.downstream;
        final int input = down.inputIndexOf(stage);
        final RingInput[] target = rings.get(down.id)[input];
        switch (down.inputs.get(input).boundary)
        {
            case ROUTE_BY_KEY:
            {
                final RingWriter[] writers = new RingWriter[target.length];
                for (int k = 0; k < target.length; k++)
                {
                    writers[k] = new RingWriter(target[k].ring(), target[k].name(), runtime, maxOutputs,
                        fanOutOperator, shard, target[k].producers() == 1, target[k].packed());
                }
                return new ShardRouter(writers, maxOutputs, fanOutOperator);
            }
            case ONE_TO_ONE:
                return new RingWriter(target[shard].ring(), target[shard].name(), runtime, maxOutputs,
                    fanOutOperator, 0, target[shard].producers() == 1);
            case ALL_TO_ONE:
            default:
                return new RingWriter(target[0].ring(), target[0].name(), runtime, maxOutputs, fanOutOperator,
                    shard, target[0].producers() == 1);
        }
    }

    /**
     * Input {@code i} of {@code stage} is a packed ring ({@link RingInput}) when packing is on
     * ({@link PipelineConfig#packedRings()}), it is the stage's only input, a repartition written by one upstream shard
     * (a single producer per ring), and the stage's first operator is a keyed one that emits only at batch ends and
     * reads only a record's key and {@code long0} ({@link ShardOperatorFactory#readsOnlyKeyAndLong0()}): nothing in
     * the stage can then see that the rest of the event stayed behind.
     */
    private boolean packsRecords(final StageSpec stage, final int i)
    {
        if (!config.packedRings() || stage.inputs.size() != 1 || stage.ops.isEmpty())
        {
            return false;
        }
        final StageSpec.Input input = stage.inputs.get(i);
        final StageSpec.Op first = stage.ops.get(0);
        return input.boundary == StageSpec.Boundary.ROUTE_BY_KEY && stage.producersOf(input) == 1 &&
            first.kind == StageSpec.OpKind.KEYED && first.function instanceof ShardOperatorFactory &&
            ((ShardOperatorFactory)first.function).emitsOnlyAtBatchEnd() &&
            ((ShardOperatorFactory)first.function).readsOnlyKeyAndLong0();
    }

    /**
     * @return the slots of a packed ring: as many records as {@link PipelineConfig#ringSize()} events, so its memory
     * (and what of it stays in cache between laps) is about a ring of whole events'; at least 4 slots.
     */
    private int packedRingSlots()
    {
        return Math.max(4, config.ringSize() / PackedRecords.PACK);
    }

    /**
     * A source stage takes the slot-run path ({@link StageAgent#slotRuns}) when its source can write into ring slots,
     * every operator is a map, and it writes to one single-producer ring (a sink, a fan-out to several shards or a
     * ring other stages write to as well cannot lend runs of slots; a packed ring lends its staging events).
     */
    private boolean takesSlotRuns(final StageSpec stage)
    {
        if (!(stage.source instanceof SlotRunSource) || stage.downstream == null || stage.foreach != null ||
            stage.sinkFactory != null || stage.sinkLog != null)
        {
            return false;
        }
        for (final StageSpec.Op op : stage.ops)
        {
            if (op.kind != StageSpec.OpKind.MAP)
            {
                return false;
            }
        }
        final StageSpec.Input input = stage.downstream.inputs.get(stage.downstream.inputIndexOf(stage));
        return stage.downstream.producersOf(input) == 1 &&
            (input.boundary != StageSpec.Boundary.ROUTE_BY_KEY || stage.downstream.shards == 1);
    }

    /**
     * A ring-fed stage hands its records to its first keyed operator's batch node in runs
     * ({@link StageAgent#batchRuns}) when only maps (or updates) come before it, batches are cut by event time, and
     * the operator emits only at batch ends ({@link ShardOperatorFactory#emitsOnlyAtBatchEnd()}).
     *
     * @return the index of that operator in the stage, or -1.
     */
    private int batchRunsInto(final StageSpec stage)
    {
        if (stage.source != null || config.batchTime() != BatchTime.EVENT_TIME)
        {
            return -1;
        }
        for (int k = 0; k < stage.ops.size(); k++)
        {
            final StageSpec.Op op = stage.ops.get(k);
            if (op.kind == StageSpec.OpKind.KEYED)
            {
                return op.function instanceof ShardOperatorFactory &&
                    ((ShardOperatorFactory)op.function).emitsOnlyAtBatchEnd() ? k : -1;
            }
            if (op.kind != StageSpec.OpKind.MAP)
            {
                return -1;
            }
        }
        return -1;
    }

    private EventSink node(final StageSpec.Op op, final EventSink next)
    {
        switch (op.kind)
        {
            case MAP:
                return op.function instanceof EventUpdater ?
                    new MapNode(op.name, (EventUpdater)op.function, next) :
                    new MapNode(op.name, (EventMapper)op.function, next);
            case FILTER:
                return new FilterNode(op.name, (EventFilter)op.function, next);
            case BATCHER:
                // a batcher after keyed operators re-batches their results by the batch time they carry, per slide
                return new Batcher(config.batchTime() == BatchTime.EVENT_TIME || op.function != null,
                    op.function != null ? (Long)op.function : config.batchIntervalMs(),
                    config.clock(), runtime, next);
            case COUNT:
                return new CountNode(op.name, next);
            case REDUCE:
                return new ReduceNode(op.name, (EventReducer)op.function, next);
            case TRANSFORM:
                return new TransformNode(op.name, (BatchTransformer)op.function, next);
            case FLAT_MAP:
            default:
                return new FlatMapNode(op.name, (EventFlatMapper)op.function, next);
        }
    }

    private static String roleName(final StageSpec stage, final int shard)
    {
        return "rill-s" + stage.id + "-" + shard;
    }

    /**
     * STEPPING mode: run one duty cycle of every stage shard that is still running, in stage order.
     *
     * @return work done (events and markers handled).
     * @throws PipelineException if a stage failed.
     */
    public int step()
    {
        ensureStepping();
        int work = 0;
        for (final AgentInvoker invoker : invokers)
        {
            work += invoker.invoke();
        }
        throwFailure();
        return work;
    }

    /**
     * STEPPING mode: run one duty cycle of every shard of one stage, leaving the others still.
     *
     * @param stageId the stage, as numbered in {@link #describe()}.
     * @return work done.
     * @throws PipelineException if the stage failed.
     */
    public int stepStage(final int stageId)
    {
        ensureStepping();
        if (stageId < 0 || stageId >= agentsByStage.size())
        {
            throw new IllegalArgumentException("no such stage: " + stageId + " (stages: " + stages.size() + ")");
        }
        final int[] range = agentsByStage.get(stageId);
        int work = 0;
        for (int i = range[0]; i < range[1]; i++)
        {
            work += invokers.get(i).invoke();
        }
        throwFailure();
        return work;
    }

    /**
     * STEPPING mode: {@link #step()} until a whole step does no work or the pipeline has terminated.
     *
     * @return total work done.
     * @throws PipelineException if a stage failed.
     */
    public long runUntilIdle()
    {
        long total = 0;
        int work;
        do
        {
            work = step();
            total += work;
        }
        while (work > 0 && !runtime.isTerminated());
        return total;
    }

    private void ensureStepping()
    {
        if (config.threadingMode() != ThreadingMode.STEPPING)
        {
            throw new IllegalStateException("stepping needs ThreadingMode.STEPPING; this pipeline runs " +
                config.threadingMode());
        }
        if (state == State.BUILDING)
        {
            throw new IllegalStateException("pipeline not started");
        }
    }

    /**
     * Wait until every stage has finished (all bounded sources ended and everything drained), failed, or been
     * stopped. In stepping mode, this thread runs duty cycles until then.
     *
     * @param timeoutMs the longest wait.
     * @return true if the pipeline terminated in time.
     * @throws PipelineException if a stage failed.
     * @throws InterruptedException if interrupted while waiting.
     */
    public boolean awaitTermination(final long timeoutMs) throws InterruptedException
    {
        if (state == State.BUILDING)
        {
            throw new IllegalStateException("pipeline not started");
        }
        final boolean terminated;
        if (config.threadingMode() == ThreadingMode.STEPPING)
        {
            final long deadlineNs = System.nanoTime() + timeoutMs * 1_000_000L;
            while (!runtime.isTerminated() && System.nanoTime() - deadlineNs < 0)
            {
                step();
            }
            terminated = runtime.isTerminated();
        }
        else
        {
            terminated = runtime.awaitTerminated(timeoutMs);
        }
        throwFailure();
        if (terminated)
        {
            throwCheckpointWriteFailure();
        }
        return terminated;
    }

    /**
     * Once every stage has ended, the checkpoint writer thread may still be writing the last state files; a write
     * that fails then (a full disk) has no stage left to throw it, so it is thrown here.
     */
    private void throwCheckpointWriteFailure()
    {
        if (coordinator == null || failureReported)
        {
            return;
        }
        final RuntimeException failed = coordinator.finishWrites();
        if (failed != null)
        {
            failureReported = true;
            throw new PipelineException("checkpoint-writer", failed.getMessage(), failed);
        }
    }

    /**
     * @return true once every stage has finished.
     */
    public boolean isTerminated()
    {
        return runtime != null && runtime.isTerminated();
    }

    /**
     * Stop the pipeline and wait for its threads. With {@code drain}, sources end their streams and everything
     * already read flows to the sinks first (Spark's graceful stop); without, every stage stops at its next duty
     * cycle and events in the rings are abandoned.
     *
     * @param drain true to drain, false to stop now.
     * @throws PipelineException if a stage failed and the failure was not thrown already.
     * @throws InterruptedException if interrupted while waiting.
     */
    public void stop(final boolean drain) throws InterruptedException
    {
        if (state == State.BUILDING)
        {
            state = State.STOPPED;
            return;
        }
        if (drain)
        {
            runtime.requestDrain();
            if (config.threadingMode() == ThreadingMode.STEPPING)
            {
                while (!runtime.isTerminated())
                {
                    step();
                }
            }
            else
            {
                while (!runtime.awaitTerminated(1_000))
                {
                    if (runtime.isAborted())
                    {
                        break;
                    }
                }
            }
        }
        shutdown();
        throwFailure();
        if (drain)
        {
            throwCheckpointWriteFailure();
        }
    }

    private void shutdown()
    {
        state = State.STOPPED;
        if (runtime != null)
        {
            runtime.abort();
            for (final AgentRunner runner : runners)
            {
                runner.close();
            }
            for (final AgentInvoker invoker : invokers)
            {
                invoker.close();
            }
        }
        if (coordinator != null)
        {
            // the state files the stages handed over before they stopped are written (a crash would lose them)
            coordinator.close();
        }
    }

    /**
     * Stop now and release everything, without throwing a failure (use {@link #awaitTermination(long)} or
     * {@link #stop(boolean)} to see it). For try-with-resources.
     */
    @Override
    public void close()
    {
        shutdown();
    }

    private void throwFailure()
    {
        final PipelineException failure = runtime == null ? null : runtime.failure();
        if (failure != null && !failureReported)
        {
            failureReported = true;
            throw failure;
        }
    }

    /**
     * @param stageId stage, as numbered in {@link #describe()}.
     * @return data events the stage's shards have taken in so far (as of their last duty cycle), 0 before start.
     */
    public long eventsIn(final int stageId)
    {
        if (agentsByStage.isEmpty())
        {
            return 0;
        }
        final int[] range = agentsByStage.get(stageId);
        long sum = 0;
        for (int i = range[0]; i < range[1]; i++)
        {
            sum += agents.get(i).eventsIn();
        }
        return sum;
    }

    /**
     * @param stageId stage, as numbered in {@link #describe()}.
     * @return the lowest watermark the stage's shards have forwarded, nanoseconds: {@link Long#MIN_VALUE} before
     * any (or when the pipeline has no batch operation, which is when watermarks are made), {@link Long#MAX_VALUE}
     * once its input has ended.
     */
    public long watermarkNs(final int stageId)
    {
        if (agentsByStage.isEmpty())
        {
            return Long.MIN_VALUE;
        }
        final int[] range = agentsByStage.get(stageId);
        long min = Long.MAX_VALUE;
        for (int i = range[0]; i < range[1]; i++)
        {
            min = Math.min(min, agents.get(i).watermarkNs());
        }
        return min;
    }

    /**
     * @return events dropped by batch operators because they arrived behind the watermark (their batch had been
     * emitted).
     */
    public long lateEvents()
    {
        return runtime == null ? 0 : runtime.lateEvents();
    }

    /**
     * A snapshot of the counters, readable from any thread while the pipeline runs (and after): per stage events
     * in and out, duty cycles, idle cycles, time waiting and input ring occupancy; per source its counters (log
     * source: {@code lag[p]} behind each partition's end); parsers' skipped lines; late events. The stage threads
     * publish their counters with ordered writes: taking a snapshot neither locks nor pauses them. Before
     * {@code start()}, every count is 0.
     *
     * @return the snapshot; {@link PipelineMetrics#toTable()} renders it.
     */
    public PipelineMetrics metrics()
    {
        return PipelineMetrics.collect(stages, agents, agentsByStage, meters, ringInputs, meteredOperators,
            lateEvents());
    }

    /**
     * The plan: stages, their sources and fused operators, rings and sizes, shards, threads, CPUs, wait strategies.
     *
     * @return the plan as text.
     */
    public String describe()
    {
        final boolean stepping = config.threadingMode() == ThreadingMode.STEPPING;
        int rings = 0;
        int threads = 0;
        for (final StageSpec stage : stages)
        {
            rings += stage.inputs.size() * stage.shards;
            threads += stage.shards;
        }
        final StringBuilder sb = new StringBuilder();
        sb.append("pipeline: ").append(config).append('\n');
        sb.append("stages=").append(stages.size()).append(", rings=").append(rings).append(", threads=")
            .append(stepping ? 0 : threads).append('\n');
        for (final StageSpec stage : stages)
        {
            sb.append("stage ").append(stage.id).append(": shards=").append(stage.shards);
            if (stepping)
            {
                sb.append(", threads=none (stepping)");
            }
            else
            {
                sb.append(", threads=[");
                for (int j = 0; j < stage.shards; j++)
                {
                    sb.append(j == 0 ? "" : ", ").append(roleName(stage, j));
                }
                sb.append("], wait=").append(waitOf(stage)).append(", cpu=")
                    .append(stage.cpu < 0 ? "any" : Integer.toString(stage.cpu));
            }
            sb.append('\n');
            if (stage.source != null)
            {
                sb.append("  ").append(stage.source.describe()).append('\n');
            }
            for (int i = 0; i < stage.inputs.size(); i++)
            {
                final StageSpec.Input input = stage.inputs.get(i);
                final int producers = stage.producersOf(input);
                sb.append("  in: rings ").append(ringName(stage.id, i, 0));
                if (stage.shards > 1)
                {
                    sb.append("..").append(ringName(stage.id, i, stage.shards - 1));
                }
                final boolean packed = packsRecords(stage, i);
                sb.append(" (").append(packed ? packedRingSlots() : config.ringSize()).append(" slots each, ")
                    .append(producers > 1 ? "multi-producer, " + producers + " producers" : "single-producer")
                    .append(packed ? ", packed: up to " + PackedRecords.PACK +
                        " records a slot, key, long0, event time and source" : "")
                    .append(") from stage ").append(input.upstream.id).append(' ').append(boundaryText(input))
                    .append('\n');
            }
            sb.append("  fused: ");
            if (stage.ops.isEmpty())
            {
                sb.append("(none)");
            }
            for (int k = 0; k < stage.ops.size(); k++)
            {
                sb.append(k == 0 ? "" : " -> ").append(stage.ops.get(k).name);
            }
            if (takesSlotRuns(stage))
            {
                sb.append(" (slot runs: the source writes straight into ring slots, maps rewrite them in place)");
            }
            final int runsInto = batchRunsInto(stage);
            if (runsInto >= 0)
            {
                sb.append(" (runs: records go to ").append(stage.ops.get(runsInto).name).append(" in a counted loop")
                    .append(runsInto > 0 ? ", maps rewrite the ring slots in place)" : ")");
            }
            sb.append('\n');
            sb.append("  out: ");
            if (stage.foreach != null)
            {
                sb.append("sink ").append(stage.sinkName).append(" (foreach)");
            }
            else if (stage.sinkFactory != null)
            {
                sb.append("sink ").append(stage.sinkName).append(" (").append(stage.sinkKind).append(')');
            }
            else if (stage.sinkLog != null)
            {
                sb.append("sink ").append(stage.sinkName).append(" (topic ").append(stage.sinkTopic).append(')');
            }
            else if (stage.downstream != null)
            {
                final StageSpec.Input input = stage.downstream.inputs.get(stage.downstream.inputIndexOf(stage));
                sb.append(input.boundary == StageSpec.Boundary.ROUTE_BY_KEY ? "route by key hash to" : "write to")
                    .append(" stage ").append(stage.downstream.id);
            }
            else
            {
                sb.append("(none)");
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private static String boundaryText(final StageSpec.Input input)
    {
        switch (input.boundary)
        {
            case ROUTE_BY_KEY:
                return "(by key hash)";
            case ONE_TO_ONE:
                return "(async, shard i to shard i)";
            case ALL_TO_ONE:
            default:
                return "(all shards to one)";
        }
    }

    /**
     * Same as {@link #describe()}.
     *
     * @return the plan as text.
     */
    public String explain()
    {
        return describe();
    }
}
