package dev.rill.engine.internal.checkpoint;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.CRC32C;

import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;

/**
 * Checkpointing for one stage shard: barrier alignment over its inputs, tracked per (input, producer) as the
 * stage tracks watermarks. A single-producer input that delivered barrier n is not polled until every producer of
 * every input delivered n or ended (Flink's aligned checkpoints); a multi-producer input (a gather or repartition
 * from several shards) keeps being polled, because each of its producers pauses after forwarding n until this shard
 * aligned n ({@link BarrierGate}), so nothing after a producer's barrier can arrive before the snapshot. Then the state of every {@link StateParticipant} of the shard is written to
 * {@code chk-<id>/s<stage>-<shard>.state} ({@link StateFileDescriptor}) and the barrier is forwarded. Source stages
 * inject barriers instead of aligning them. Stage thread only.
 */
public final class StageCheckpoint
{
    /** Forwards a barrier downstream (ring writer, shard router), or nothing for a sink. */
    @FunctionalInterface
    public interface BarrierForwarder
    {
        /**
         * @param checkpointId the barrier's checkpoint.
         */
        void forward(long checkpointId);
    }

    private final CheckpointCoordinator coordinator;
    private final CheckpointStore store;
    private final int stage;
    private final int shard;
    private final String roleName;
    private final List<StateParticipant> participants;
    private final BarrierForwarder forwarder;
    private final int[] producers;
    private final boolean[][] arrived;
    private final boolean[][] ended;
    private final BarrierGate[] inputGates;
    private final BarrierGate[] outputGates;
    private long awaitingId;
    /** Two images, so a stage can serialise checkpoint n + 1 while the writer thread still writes n. */
    private final ExpandableArrayBuffer[] buffers = {new ExpandableArrayBuffer(4096), new ExpandableArrayBuffer(4096)};
    /** Whether the writer thread holds each image buffer. */
    private final AtomicBoolean[] busy = {new AtomicBoolean(), new AtomicBoolean()};
    private final CheckpointStore.LoadedCheckpoint restoreFrom;
    private long lastId;
    private long alignedId;

    /**
     * @param coordinator the pipeline's coordinator.
     * @param store       the directory.
     * @param stage       stage id.
     * @param shard       shard index.
     * @param roleName    the shard's thread name, for stats.
     * @param participants its stateful parts in chain order.
     * @param forwarder   passes a barrier on.
     * @param producers   producers of each input ring.
     * @param inputGates  gate of each input ring.
     * @param outputGates gates of the rings it writes.
     * @param restoreFrom checkpoint to load in {@link #restore()}, or null.
     */
    public StageCheckpoint(final CheckpointCoordinator coordinator, final CheckpointStore store, final int stage,
        final int shard, final String roleName, final List<StateParticipant> participants,
        final BarrierForwarder forwarder, final int[] producers, final BarrierGate[] inputGates,
        final BarrierGate[] outputGates, final CheckpointStore.LoadedCheckpoint restoreFrom)
    {
        this.coordinator = coordinator;
        this.store = store;
        this.stage = stage;
        this.shard = shard;
        this.roleName = roleName;
        this.participants = List.copyOf(participants);
        this.forwarder = forwarder;
        this.producers = producers.clone();
        this.arrived = new boolean[producers.length][];
        this.ended = new boolean[producers.length][];
        for (int i = 0; i < producers.length; i++)
        {
            arrived[i] = new boolean[producers[i]];
            ended[i] = new boolean[producers[i]];
        }
        this.inputGates = inputGates.clone();
        this.outputGates = outputGates.clone();
        this.restoreFrom = restoreFrom;
        this.lastId = coordinator.initialId();
    }

    /**
     * Loads the restored checkpoint's sections into the participants (on the stage thread, after the source opened).
     */
    public void restore()
    {
        if (restoreFrom == null)
        {
            return;
        }
        final String file = CheckpointStore.stateFileName(stage, shard);
        final byte[] bytes = restoreFrom.file(stage, shard);
        if (bytes == null)
        {
            throw new IllegalStateException("checkpoint " + restoreFrom.id() + " has no state file " + file);
        }
        final Map<String, DirectBuffer> sections = StateFileDescriptor.read(bytes, file);
        for (final StateParticipant participant : participants)
        {
            final DirectBuffer section = sections.get(participant.stateName());
            if (section == null)
            {
                throw new IllegalStateException("checkpoint " + restoreFrom.id() + ": state file " + file +
                    " has no section " + participant.stateName());
            }
            participant.readState(section, 0, section.capacity());
        }
    }

    /**
     * Source stage: injects every triggered barrier not injected yet (positions are taken now, between polls).
     *
     * @return work done.
     */
    public int injectDue(final long nowMs)
    {
        final long id = coordinator.triggered(nowMs);
        int work = 0;
        while (lastId < id && !pausedForDownstream())
        {
            snapshotAndForward(++lastId);
            work++;
        }
        return work;
    }

    /**
     * The stage's source ended: no later checkpoint can complete.
     */
    public void sourceEnded()
    {
        coordinator.disable();
    }

    /**
     * @return whether the input must not be polled (a single-producer input that delivered the barrier being
     * aligned).
     */
    public boolean isBlocked(final int input)
    {
        return producers[input] == 1 && arrived[input][0];
    }

    /**
     * Called at the start of every duty cycle.
     *
     * @return true while this shard forwarded a barrier into a multi-producer ring whose consumer has not aligned it
     * yet: the stage must take no input and make no watermark.
     * @throws RuntimeException the checkpoint writer's failure (naming the state file it could not write), so that
     *                          the stage, and the pipeline, fail.
     */
    public boolean pausedForDownstream()
    {
        throwIfWriteFailed(coordinator.writer());
        if (awaitingId == 0)
        {
            return false;
        }
        for (final BarrierGate gate : outputGates)
        {
            if (gate.isMultiProducer() && gate.alignedId() < awaitingId)
            {
                return true;
            }
        }
        awaitingId = 0;
        return false;
    }

    /**
     * A barrier arrived from one producer of an input.
     */
    public void onBarrier(final int input, final int producer, final long checkpointId)
    {
        arrived[input][producer] = true;
        alignedId = checkpointId;
    }

    /**
     * A barrier arrived on a single-producer input.
     */
    public void onBarrier(final int input, final long checkpointId)
    {
        onBarrier(input, 0, checkpointId);
    }

    /**
     * One producer of an input ended: it counts as aligned from now on.
     */
    public void onInputEnded(final int input, final int producer)
    {
        ended[input][producer] = true;
    }

    /**
     * A single-producer input ended.
     */
    public void onInputEnded(final int input)
    {
        onInputEnded(input, 0);
    }

    /**
     * If every producer of every input delivered the barrier (or ended) and the output has room, writes the state
     * and forwards.
     *
     * @param outputHasRoom true if nothing waits in the output and the barrier fits downstream.
     * @return work done.
     */
    public int completeIfAligned(final boolean outputHasRoom)
    {
        boolean any = false;
        for (int i = 0; i < arrived.length; i++)
        {
            for (int p = 0; p < arrived[i].length; p++)
            {
                if (!arrived[i][p] && !ended[i][p])
                {
                    return 0;
                }
                any |= arrived[i][p];
            }
        }
        if (!any || !outputHasRoom)
        {
            return 0;
        }
        snapshotAndForward(alignedId);
        for (final boolean[] input : arrived)
        {
            java.util.Arrays.fill(input, false);
        }
        for (final BarrierGate gate : inputGates)
        {
            gate.aligned(alignedId);
        }
        return 1;
    }

    private void snapshotAndForward(final long id)
    {
        final long startNs = System.nanoTime();
        final CheckpointWriter writer = coordinator.writer();
        final ExpandableArrayBuffer buffer = writer == null ? buffers[0] : freeBuffer(writer);
        int at = StateFileDescriptor.HEADER_LENGTH;
        StateFileDescriptor.writeHeader(buffer, id, stage, shard, participants.size());
        for (final StateParticipant participant : participants)
        {
            at = StateFileDescriptor.writeSectionName(buffer, at, participant.stateName());
            final int lengthAt = at;
            at = participant.writeState(buffer, at + Integer.BYTES);
            buffer.putInt(lengthAt, at - lengthAt - Integer.BYTES);
        }
        final int length = StateFileDescriptor.seal(buffer, at);
        final String file = CheckpointStore.stateFileName(stage, shard);
        final Path path = store.checkpointDir(id).resolve(file);
        if (writer == null)
        {
            CheckpointStore.writeFile(path, buffer.byteArray(), length);
            final long crc = crc32c(buffer, length);
            final long pauseNs = System.nanoTime() - startNs;
            forwarder.forward(id);
            awaitingId = id;
            coordinator.reported(id, file, length, crc, roleName, pauseNs);
            return;
        }
        // The image is complete in memory: the barrier goes on now; the writer thread checksums, writes, fsyncs and
        // reports it.
        final long pauseNs = System.nanoTime() - startNs;
        forwarder.forward(id);
        awaitingId = id;
        final AtomicBoolean held = busy[buffer == buffers[0] ? 0 : 1];
        held.set(true);
        writer.submit(() ->
        {
            final long crc;
            try
            {
                CheckpointStore.writeFile(path, buffer.byteArray(), length);
                crc = crc32c(buffer, length);
            }
            finally
            {
                held.set(false);
            }
            coordinator.reported(id, file, length, crc, roleName, pauseNs);
        });
    }

    private static long crc32c(final ExpandableArrayBuffer buffer, final int length)
    {
        final CRC32C crc = new CRC32C();
        crc.update(buffer.byteArray(), 0, length);
        return crc.getValue();
    }

    /**
     * @return an image buffer the writer does not hold; waits while it holds both (the writer is a whole
     * checkpoint behind), which then counts in the pause.
     * @throws RuntimeException the writer's failure (a state file it could not write), on this stage's thread.
     */
    private ExpandableArrayBuffer freeBuffer(final CheckpointWriter writer)
    {
        while (true)
        {
            throwIfWriteFailed(writer);
            for (int i = 0; i < buffers.length; i++)
            {
                if (!busy[i].get())
                {
                    return buffers[i];
                }
            }
            Thread.onSpinWait();
            Thread.yield();
        }
    }

    private static void throwIfWriteFailed(final CheckpointWriter writer)
    {
        final RuntimeException failure = writer == null ? null : writer.failure();
        if (failure != null)
        {
            throw failure;
        }
    }
}
