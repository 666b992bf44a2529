package dev.rill.engine.internal.checkpoint;

import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;

/**
 * A part of a stage shard with state to checkpoint: a log source (its positions), a keyed node (its operator's
 * off-heap state), a log sink (how far it wrote). Called on the stage's thread only.
 */
public interface StateParticipant
{
    /**
     * @return the section name in the state file, unique within the stage.
     */
    String stateName();

    /**
     * @return what must not change between the run that wrote a checkpoint and the run reading it (window lengths,
     * partitions), for the pipeline's shape fingerprint.
     */
    String shape();

    /**
     * @param out    where to write, growing.
     * @param offset where to start.
     * @return the offset after the state.
     */
    int writeState(ExpandableArrayBuffer out, int offset);

    /**
     * @param in     the section.
     * @param offset its start.
     * @param length its length.
     */
    void readState(DirectBuffer in, int offset, int length);
}
