package dev.rill.engine.internal.checkpoint;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import dev.rill.engine.internal.RingInput;
import dev.rill.engine.internal.RingWriter;
import dev.rill.engine.internal.ShardRouter;
import dev.rill.engine.internal.keyed.ShardBatchNode;

/**
 * How the planner wires checkpoints into a stage shard, and the shape check at recovery.
 */
public final class CheckpointPlan
{
    private CheckpointPlan()
    {
    }

    /**
     * @return the shard's checkpointing; appends the stage's shape to {@code shape} on shard 0.
     * @param shards the stage's shard count.
     * @throws IllegalStateException naming what cannot be checkpointed (keyed operators without state images, a
     *                               topic sink whose partitions several shards would interleave).
     */
    public static StageCheckpoint stage(final Supplier<CheckpointCoordinator> coordinator, final int stage,
        final int shard, final int shards, final String roleName, final Object source, final List<Object> chain, final Object output,
        final RingInput[] inputs, final CheckpointStore.LoadedCheckpoint restoreFrom, final StringBuilder shape)
    {
        final List<StateParticipant> participants = new ArrayList<>();
        final StringBuilder stageShape = new StringBuilder(" | s").append(stage).append(':');
        if (source instanceof StateParticipant)
        {
            participants.add((StateParticipant)source);
            stageShape.append(' ').append(((StateParticipant)source).shape());
        }
        else if (source != null)
        {
            stageShape.append(" source:").append(source.getClass().getSimpleName());
        }
        final CheckpointCoordinator c = coordinator.get();
        final int[] producers = new int[inputs.length];
        final BarrierGate[] inputGates = new BarrierGate[inputs.length];
        for (int i = 0; i < inputs.length; i++)
        {
            producers[i] = inputs[i].producers();
            inputGates[i] = c.gate(inputs[i].name());
            inputGates[i].multiProducer(producers[i] > 1);
        }
        for (final Object node : chain)
        {
            final String type = node.getClass().getSimpleName();
            if (node instanceof ShardBatchNode)
            {
                final ShardBatchNode keyed = (ShardBatchNode)node;
                if (!keyed.isCheckpointable())
                {
                    throw new IllegalStateException("operator " + keyed.name() + " cannot be checkpointed yet " +
                        "(its operator writes no state image)");
                }
                participants.add(keyed);
                stageShape.append(' ').append(keyed.shape());
            }
            else if (node instanceof StateParticipant)
            {
                // a Batcher: the batch operations after it hold nothing between two batches (see Batcher)
                participants.add((StateParticipant)node);
                stageShape.append(' ').append(((StateParticipant)node).shape());
            }
            else
            {
                stageShape.append(' ').append(type);
            }
        }
        if (output instanceof dev.rill.engine.internal.LogSinkOutput && shards > 1 &&
            ((dev.rill.engine.internal.LogSinkOutput)output).partitionCount() % shards != 0)
        {
            throw new IllegalStateException("an exactly-once topic sink in a stage of " + shards + " shards needs a " +
                "multiple of " + shards + " partitions (each partition written by one shard, in a replayable order); " +
                ((StateParticipant)output).shape() + " has " +
                ((dev.rill.engine.internal.LogSinkOutput)output).partitionCount());
        }
        if (output instanceof StateParticipant)
        {
            participants.add((StateParticipant)output);
            stageShape.append(' ').append(((StateParticipant)output).shape());
        }
        else
        {
            stageShape.append(" out:").append(output.getClass().getSimpleName());
        }
        if (shard == 0)
        {
            shape.append(stageShape).append(shards > 1 ? " shards=" + shards : "").append(" x").append(inputs.length == 0 ? "src" : "in" + inputs.length);
        }
        final StageCheckpoint.BarrierForwarder forwarder;
        final List<BarrierGate> outputGates = new ArrayList<>();
        if (output instanceof RingWriter)
        {
            forwarder = ((RingWriter)output)::publishBarrier;
            outputGates.add(c.gate(((RingWriter)output).ringName()));
        }
        else if (output instanceof ShardRouter)
        {
            forwarder = ((ShardRouter)output)::publishBarrier;
            for (final String ring : ((ShardRouter)output).ringNames())
            {
                outputGates.add(c.gate(ring));
            }
        }
        else
        {
            forwarder = id -> { };
        }
        return new StageCheckpoint(c, c.store(), stage, shard, roleName, participants, forwarder, producers,
            inputGates, outputGates.toArray(new BarrierGate[0]), restoreFrom);
    }

    /**
     * @throws IllegalStateException saying what differs if the checkpoint was written by another pipeline shape.
     */
    public static void checkShape(final CheckpointStore.LoadedCheckpoint restoreFrom, final String shape)
    {
        if (restoreFrom == null || restoreFrom.shape().equals(shape))
        {
            return;
        }
        final String[] was = restoreFrom.shape().split(" \\| ");
        final String[] now = shape.split(" \\| ");
        final StringBuilder diff = new StringBuilder();
        for (int i = 0; i < Math.max(was.length, now.length); i++)
        {
            final String a = i < was.length ? was[i] : "(none)";
            final String b = i < now.length ? now[i] : "(none)";
            if (!a.equals(b))
            {
                diff.append("\n  checkpoint: ").append(a).append("\n  code:       ").append(b);
            }
        }
        throw new IllegalStateException("checkpoint " + restoreFrom.id() + " in its directory belongs to a different " +
            "pipeline shape; what differs:" + diff);
    }
}
