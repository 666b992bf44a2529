package dev.rill.operators.state;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * An operator whose whole state can be written to a buffer and read back into a fresh operator of the same shape,
 * exactly: the restored operator emits the same results, in the same order, as the one that wrote the image would
 * have (off-heap maps are copied slot for slot, not rebuilt). The engine's checkpoints call these on the operator's
 * single writer thread, between two records.
 */
public interface Checkpointable
{
    /**
     * Writes the operator's state.
     *
     * @param buffer where to write; must have room (an expandable Agrona buffer grows).
     * @param offset where to start.
     * @return the offset after the image.
     */
    int writeTo(MutableDirectBuffer buffer, int offset);

    /**
     * Replaces the operator's state with an image written by {@link #writeTo} of an operator of the same kind and
     * shape.
     *
     * @param buffer where to read.
     * @param offset where to start.
     * @return the offset after the image.
     * @throws IllegalArgumentException naming what differs (operator, version, window lengths, join type) if the
     *                                  image is of another kind or shape.
     */
    int readFrom(DirectBuffer buffer, int offset);
}
