package dev.rill.engine.internal.checkpoint;

import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;

/**
 * Checkpointing for one stage shard: barrier alignment over its inputs (each input has one producer: an input
 * that delivered barrier n is not polled until every input delivered n or ended, as Flink's aligned checkpoints),
 * then the state of every {@link StateParticipant} of the shard is written to
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
    private final boolean[] blocked;
    private final boolean[] ended;
    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(4096);
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
     * @param inputs      its input rings.
     * @param restoreFrom checkpoint to load in {@link #restore()}, or null.
     */
    public StageCheckpoint(final CheckpointCoordinator coordinator, final CheckpointStore store, final int stage,
        final int shard, final String roleName, final List<StateParticipant> participants,
        final BarrierForwarder forwarder, final int inputs, final CheckpointStore.LoadedCheckpoint restoreFrom)
    {
        this.coordinator = coordinator;
        this.store = store;
        this.stage = stage;
        this.shard = shard;
        this.roleName = roleName;
        this.participants = List.copyOf(participants);
        this.forwarder = forwarder;
        this.blocked = new boolean[inputs];
        this.ended = new boolean[inputs];
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
        while (lastId < id)
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
     * @return whether the input must not be polled (it delivered the barrier being aligned).
     */
    public boolean isBlocked(final int input)
    {
        return blocked[input];
    }

    /**
     * A barrier arrived on an input; polling of that input stops.
     */
    public void onBarrier(final int input, final long checkpointId)
    {
        blocked[input] = true;
        alignedId = checkpointId;
    }

    /**
     * An input ended: it counts as aligned from now on.
     */
    public void onInputEnded(final int input)
    {
        ended[input] = true;
    }

    /**
     * If every input delivered the barrier (or ended) and the output has room, writes the state and forwards.
     *
     * @param outputHasRoom true if nothing waits in the output and the barrier fits downstream.
     * @return work done.
     */
    public int completeIfAligned(final boolean outputHasRoom)
    {
        boolean any = false;
        for (int i = 0; i < blocked.length; i++)
        {
            if (!blocked[i] && !ended[i])
            {
                return 0;
            }
            any |= blocked[i];
        }
        if (!any || !outputHasRoom)
        {
            return 0;
        }
        snapshotAndForward(alignedId);
        java.util.Arrays.fill(blocked, false);
        return 1;
    }

    private void snapshotAndForward(final long id)
    {
        final long startNs = System.nanoTime();
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
        CheckpointStore.writeFile(store.checkpointDir(id).resolve(file), buffer.byteArray(), length);
        final CRC32C crc = new CRC32C();
        crc.update(buffer.byteArray(), 0, length);
        final long pauseNs = System.nanoTime() - startNs;
        forwarder.forward(id);
        coordinator.reported(id, file, length, crc.getValue(), roleName, pauseNs);
    }
}
