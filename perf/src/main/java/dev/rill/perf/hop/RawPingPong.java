package dev.rill.perf.hop;

import com.lmax.disruptor.AlertException;
import com.lmax.disruptor.BatchEventProcessor;
import com.lmax.disruptor.BatchEventProcessorBuilder;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.SequenceBarrier;
import com.lmax.disruptor.TimeoutException;

import dev.rill.engine.WaitStrategy;

/**
 * A raw Disruptor ping-pong: the ping thread spins until each event's intended time, stamps {@code nanoTime},
 * publishes into ring A; the pong thread (a {@link BatchEventProcessor} on A) copies it into ring B; the ping thread
 * waits on B's barrier (same wait strategy) and records the round trip {@code nanoTime - stamp}. One event in flight;
 * rings of 1024 slots.
 */
final class RawPingPong implements HopEngine
{
    private final RingBuffer<Slot> ringA;
    private final RingBuffer<Slot> ringB;
    private final BatchEventProcessor<Slot> pong;
    private final SequenceBarrier barrierB;
    private final Sequence pingSequence = new Sequence(-1);
    private final HopRecorder recorder;
    private final long total;
    private final long periodNs;
    private Thread ping;
    private Thread pongThread;
    private volatile boolean stopped;

    /** A ring slot. */
    static final class Slot
    {
        long index;
        long stampNs;
        long intendedNs;
    }

    RawPingPong(final long warmup, final long events, final long periodNs, final WaitStrategy wait)
    {
        this.total = warmup + events;
        this.periodNs = periodNs;
        this.recorder = new HopRecorder(warmup, total);
        ringA = RingBuffer.createSingleProducer(Slot::new, 1024, HopEngine.disruptorWait(wait));
        ringB = RingBuffer.createSingleProducer(Slot::new, 1024, HopEngine.disruptorWait(wait));
        pong = new BatchEventProcessorBuilder().build(ringA, ringA.newBarrier(), (in, seq, endOfBatch) ->
        {
            final long s = ringB.next();
            try
            {
                final Slot out = ringB.get(s);
                out.index = in.index;
                out.stampNs = in.stampNs;
                out.intendedNs = in.intendedNs;
            }
            finally
            {
                ringB.publish(s);
            }
        });
        ringA.addGatingSequences(pong.getSequence());
        barrierB = ringB.newBarrier();
        ringB.addGatingSequences(pingSequence);
    }

    @Override
    public String name()
    {
        return "raw-ping-pong";
    }

    @Override
    public void start()
    {
        final long startNs = System.nanoTime() + 20_000_000L;
        pongThread = new Thread(pong, "hop-pong");
        ping = new Thread(() ->
        {
            try
            {
                for (long i = 0; i < total && !stopped; i++)
                {
                    final long intended = startNs + i * periodNs;
                    HopEngine.spinUntil(intended);
                    final long stamp = System.nanoTime();
                    final long seq = ringA.next();
                    try
                    {
                        final Slot slot = ringA.get(seq);
                        slot.index = i;
                        slot.stampNs = stamp;
                        slot.intendedNs = intended;
                    }
                    finally
                    {
                        ringA.publish(seq);
                    }
                    barrierB.waitFor(i);
                    final Slot back = ringB.get(i);
                    recorder.record(back.index, back.stampNs, back.intendedNs);
                    pingSequence.set(i);
                }
            }
            catch (final AlertException | TimeoutException ex)
            {
                // stopped
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }, "hop-ping");
        pongThread.setDaemon(true);
        ping.setDaemon(true);
        pongThread.start();
        ping.start();
    }

    @Override
    public HopRecorder recorder()
    {
        return recorder;
    }

    @Override
    public void close() throws InterruptedException
    {
        stopped = true;
        barrierB.alert();
        if (ping != null)
        {
            ping.join();
        }
        pong.halt();
        if (pongThread != null)
        {
            pongThread.join();
        }
    }
}
