package dev.rill.engine.internal;

import com.lmax.disruptor.RingBuffer;

import dev.rill.engine.Event;

/**
 * An output that lends a source stage whole runs of consecutive ring slots: the source writes its records straight
 * into them, the stage's one-to-one operators rewrite them in place, and the run is committed at once
 * ({@link StageAgent}'s slot-run path). Claim, fill slots {@code first .. first + n - 1} of {@link #runRing()},
 * commit how many are complete. Nothing of a run is visible downstream before {@link #commitRun(int)} and the
 * stage's next {@link Output#flush()}; slots claimed but not committed are handed out again by the next claim. One
 * writer thread; allocation-free.
 */
public interface SlotRunOutput
{
    /**
     * @param max the most slots wanted (the stage has checked {@link Output#inputsAvailable(int)} for them).
     * @return how many consecutive slots are claimed, from {@link #runFirstSequence()}: at least 1 and at most
     * {@code max}, when {@code max > 0}.
     */
    int claimRun(int max);

    /**
     * @return the ring the claimed run is in.
     */
    RingBuffer<Event> runRing();

    /**
     * @return the sequence of the first slot of the claimed run.
     */
    long runFirstSequence();

    /**
     * The first {@code count} slots of the claimed run are complete: they count as outputs.
     *
     * @param count complete slots, from the first, at most the claimed number.
     */
    void commitRun(int count);
}
