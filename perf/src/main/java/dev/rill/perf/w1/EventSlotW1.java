package dev.rill.perf.w1;

import com.lmax.disruptor.BatchEventProcessor;
import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.YieldingWaitStrategy;

import java.nio.ByteOrder;

import org.agrona.DirectBuffer;

import dev.rill.engine.Event;
import dev.rill.engine.EventKind;
import dev.rill.engine.PipelineConfig;
import dev.rill.engine.ReferenceGenerator;
import dev.rill.engine.internal.FilledSlotSink;
import dev.rill.engine.internal.GeneratorSource;
import dev.rill.engine.internal.MapNode;
import dev.rill.engine.internal.OutputMeter;
import dev.rill.engine.internal.PipelineRuntime;
import dev.rill.engine.internal.RingWriter;
import dev.rill.engine.internal.StageMeter;
import dev.rill.engine.workloads.W1Result;
import dev.rill.log.Consumer;
import dev.rill.log.ConsumerOptions;
import dev.rill.log.RecordHandler;
import dev.rill.log.RecordView;
import dev.rill.log.Topic;
import dev.rill.operators.window.KeySumCountConsumer;
import dev.rill.operators.window.KeySumCountFilter;
import dev.rill.operators.window.KeyedSumCountWindow;
import dev.rill.operators.window.WindowSpec;

/**
 * The rungs between {@link DisruptorW1} and Rill, for {@link W1Ladder}: the same two-thread Disruptor pipeline, but
 * its ring holds Rill {@link Event}s, and then one piece of Rill at a time replaces the hand-written code.
 * <ul>
 *   <li>{@link Rung#PADDED_SLOTS}, {@link Rung#PADDED_SLOTS_WRITTEN}: the baseline with slots as wide as Rill's,
 *   no {@code Event} yet ({@link WideSlotW1}).</li>
 *   <li>{@link Rung#EVENT_SLOTS}: the producer fills a reusable {@code Event} with {@link ReferenceGenerator#fill},
 *   copies it into the slot ({@link Event#copyFrom}) and computes the notional there; the consumer is the baseline's
 *   {@link W1Aggregator}. Rill's ring slot, nothing else of Rill.</li>
 *   <li>{@link Rung#EVENT_SLOTS_WINDOW}: as above, but the consumer is Rill's window operator
 *   ({@link KeyedSumCountWindow}), ending a batch at every 100 ms of event time as the engine's event-time batches
 *   do.</li>
 *   <li>{@link Rung#RILL_SOURCE_STAGE}: the producer is the engine's own source stage on its slot-run path, run by
 *   a plain loop: runs of slots claimed through {@link OutputMeter} from a single-producer {@link RingWriter},
 *   {@link GeneratorSource#pollIntoSlots} writing into them, {@link MapNode#mapSlot} (the notional, an update in
 *   place, as W1's pipeline fuses it into its source stage) rewriting each as soon as it is filled, the run
 *   committed, and the ring published once per 256 inputs as a duty cycle does; the consumer is
 *   {@link W1Aggregator}. No stage agent, no watermarks.</li>
 *   <li>{@link Rung#LOG_EVENT_SLOTS}: the producer reads the events from Rill's log (a topic written beforehand)
 *   with a {@link Consumer}, decodes each record into a reusable {@code Event} as the W1 pipeline's decoder does,
 *   copies it into the slot and computes the notional there; the consumer is {@link W1Aggregator}. The log's read
 *   cost, by hand.</li>
 * </ul>
 * Each returns the {@link W1Result} of the baseline's aggregation (or of the window), so every rung is checked
 * against the others. Allocation happens at set-up only.
 */
final class EventSlotW1
{
    /** What replaces the baseline's code on a rung. */
    enum Rung
    {
        PADDED_SLOTS("padded-slots"),
        PADDED_SLOTS_WRITTEN("padded-slots-written"),
        EVENT_SLOTS("event-slots"),
        EVENT_SLOTS_WINDOW("event-slots-window"),
        RILL_SOURCE_STAGE("rill-source-stage"),
        LOG_EVENT_SLOTS("log-event-slots");

        final String label;

        Rung(final String label)
        {
            this.label = label;
        }
    }

    private static final int RING_SIZE = 1 << 14;
    private static final int CLAIM = 64;
    /** Inputs per publish of the source-stage rung: the engine's default duty cycle. */
    private static final int DUTY_CYCLE_INPUTS = 256;
    private static final long PANE_NS = W1Aggregator.PANE_NS;

    private EventSlotW1()
    {
    }

    /**
     * @param rung    what replaces the baseline's code.
     * @param events  N.
     * @param symbols K.
     * @param panes   panes per window.
     * @param topic   for {@link Rung#LOG_EVENT_SLOTS}: a topic of one partition holding the N events
     *                ({@link dev.rill.engine.workloads.W1Pipeline#writeTopic}), read from its earliest record; else
     *                unused (may be null).
     * @return records and checksum.
     * @throws InterruptedException if interrupted while waiting for the threads.
     */
    static W1Result run(final Rung rung, final long events, final int symbols, final int panes, final Topic topic)
        throws InterruptedException
    {
        if (rung == Rung.PADDED_SLOTS || rung == Rung.PADDED_SLOTS_WRITTEN)
        {
            return WideSlotW1.run(rung == Rung.PADDED_SLOTS_WRITTEN, events, symbols, panes);
        }
        final RingBuffer<Event> ring = RingBuffer.createSingleProducer(Event::new, RING_SIZE,
            new YieldingWaitStrategy());
        final RingConsumer consumer = rung == Rung.EVENT_SLOTS_WINDOW ? new WindowConsumer(symbols, panes) :
            new AggregatorConsumer(symbols, panes);
        final Throwable[] failure = new Throwable[1];
        final BatchEventProcessor<Event> processor = DisruptorW1.consumer(ring, consumer, failure);
        final Runnable produce;
        if (rung == Rung.RILL_SOURCE_STAGE)
        {
            produce = () -> produceWithSourceStage(ring, events, symbols);
        }
        else if (rung == Rung.LOG_EVENT_SLOTS)
        {
            produce = () -> produceFromLog(ring, topic);
        }
        else
        {
            produce = () -> produceByHand(ring, events, symbols);
        }
        final Thread consumerThread = new Thread(processor, "w1-ladder-consumer");
        final Thread producerThread = new Thread(produce, "w1-ladder-producer");
        consumerThread.start();
        producerThread.start();
        producerThread.join();
        consumerThread.join();
        if (failure[0] != null)
        {
            throw new IllegalStateException(rung.label + " failed", failure[0]);
        }
        return consumer.result();
    }

    private static void produceByHand(final RingBuffer<Event> ring, final long events, final int symbols)
    {
        final ReferenceGenerator generator = new ReferenceGenerator(symbols);
        final Event event = new Event();
        long i = 0;
        while (i < events)
        {
            final int n = (int)Math.min(CLAIM, events - i);
            final long hi = ring.next(n);
            final long lo = hi - n + 1;
            for (long sequence = lo; sequence <= hi; sequence++, i++)
            {
                generator.fill(i, event);
                final Event slot = ring.get(sequence).copyFrom(event);
                slot.long0(slot.long0() * slot.long1());
            }
            ring.publish(lo, hi);
        }
        final long sequence = ring.next();
        ring.get(sequence).clear().kind(EventKind.END_OF_STREAM);
        ring.publish(sequence);
    }

    private static void produceFromLog(final RingBuffer<Event> ring, final Topic topic)
    {
        try (Consumer consumer = topic.consumer(ConsumerOptions.fromEarliest()))
        {
            final LogRecordsIntoSlots handler = new LogRecordsIntoSlots(ring);
            while (!consumer.isAtEnd())
            {
                final long hi = ring.next(CLAIM);
                handler.firstSequence(hi - CLAIM + 1);
                final int read = consumer.poll(handler, CLAIM);
                // a short read leaves claimed slots: they go out as gaps the consumer skips
                for (long sequence = hi - CLAIM + 1 + read; sequence <= hi; sequence++)
                {
                    ring.get(sequence).clear().kind(EventKind.WATERMARK);
                }
                ring.publish(hi - CLAIM + 1, hi);
            }
        }
        final long sequence = ring.next();
        ring.get(sequence).clear().kind(EventKind.END_OF_STREAM);
        ring.publish(sequence);
    }

    /**
     * Decodes each record as {@link dev.rill.engine.workloads.W1Pipeline#DECODE} does into a reused event (with the
     * record's timestamp as event time), copies it into the next claimed slot and computes the notional there.
     */
    private static final class LogRecordsIntoSlots implements RecordHandler
    {
        private final RingBuffer<Event> ring;
        private final Event event = new Event();
        private long nextSequence;

        LogRecordsIntoSlots(final RingBuffer<Event> ring)
        {
            this.ring = ring;
        }

        void firstSequence(final long sequence)
        {
            nextSequence = sequence;
        }

        @Override
        public void onRecord(final RecordView record)
        {
            final DirectBuffer buffer = record.buffer();
            final int value = record.valueOffset();
            event.clear()
                .key(buffer.getLong(record.keyOffset(), ByteOrder.LITTLE_ENDIAN))
                .long0(buffer.getLong(value, ByteOrder.LITTLE_ENDIAN))
                .long1(buffer.getLong(value + Long.BYTES, ByteOrder.LITTLE_ENDIAN))
                .eventTimeNs(record.timestampNs());
            final Event slot = ring.get(nextSequence++).copyFrom(event);
            slot.long0(slot.long0() * slot.long1());
        }
    }

    private static void produceWithSourceStage(final RingBuffer<Event> ring, final long events, final int symbols)
    {
        final PipelineConfig defaults = PipelineConfig.builder().build();
        final RingWriter writer = new RingWriter(ring, "ladder", new PipelineRuntime(1), defaults.maxOutputsPerInput(),
            "notional", 0, true);
        final OutputMeter meter = new OutputMeter(writer, new StageMeter());
        final MapNode map = new MapNode("notional", (dev.rill.engine.EventUpdater)e -> e.long0(e.long0() * e.long1()),
            meter);
        final FilledSlotSink notional = map::mapSlot;
        final GeneratorSource source = new GeneratorSource("generator", symbols, events);
        source.open();
        while (!source.isExhausted())
        {
            // a duty cycle on the slot-run path, as StageAgent runs it (without watermarks)
            final int max = Math.min(DUTY_CYCLE_INPUTS, writer.inputsAvailable(1));
            int read = 0;
            while (read < max)
            {
                final int claimed = meter.claimRun(max - read);
                final long first = meter.runFirstSequence();
                final int filled = source.pollIntoSlots(ring, first, claimed, null, notional);
                meter.commitRun(filled);
                read += filled;
                if (filled < claimed)
                {
                    break;
                }
            }
            writer.flush();
        }
        while (!writer.canEnd())
        {
            Thread.onSpinWait();
        }
        writer.onEndOfStream();
    }

    /** A ring consumer that ends at the end marker and has a W1 result. */
    private interface RingConsumer extends EventHandler<Event>
    {
        W1Result result();
    }

    private static final class AggregatorConsumer implements RingConsumer
    {
        private final W1Aggregator aggregator;

        AggregatorConsumer(final int symbols, final int panes)
        {
            aggregator = new W1Aggregator(symbols, panes, PANE_NS / 1_000L);
        }

        @Override
        public void onEvent(final Event event, final long sequence, final boolean endOfBatch)
        {
            if (event.kind() != EventKind.DATA)
            {
                if (event.kind() == EventKind.END_OF_STREAM)
                {
                    aggregator.finish();
                    throw new DisruptorW1.EndOfStream();
                }
                return; // a gap left by a short read of the log
            }
            aggregator.onEvent((int)event.key(), event.long0(), event.eventTimeNs());
        }

        @Override
        public W1Result result()
        {
            return aggregator.result();
        }
    }

    /**
     * Rill's window operator fed by hand: a batch ends (and the window slides) each time event time passes a 100 ms
     * boundary, as the engine's event-time batches do on in-order input; at the end batches end until the window
     * emits no key.
     */
    private static final class WindowConsumer implements RingConsumer
    {
        private final KeyedSumCountWindow window;
        private final KeySumCountConsumer sink = this::accept;
        private long openPane = -1;
        private long nextPaneStartNs = Long.MIN_VALUE;
        private long windowEndMillis;
        private long records;
        private long checksum;
        private int emitted;

        WindowConsumer(final int symbols, final int panes)
        {
            final long paneMs = PANE_NS / 1_000_000L;
            window = new KeyedSumCountWindow(WindowSpec.of(panes * paneMs, paneMs, paneMs), symbols,
                KeySumCountFilter.NON_EMPTY);
        }

        @Override
        public void onEvent(final Event event, final long sequence, final boolean endOfBatch)
        {
            if (event.kind() == EventKind.END_OF_STREAM)
            {
                finish();
                throw new DisruptorW1.EndOfStream();
            }
            final long timeNs = event.eventTimeNs();
            if (timeNs >= nextPaneStartNs)
            {
                advanceTo(timeNs / PANE_NS);
            }
            window.add(event.key(), event.long0());
        }

        private void advanceTo(final long pane)
        {
            if (openPane < 0)
            {
                openPane = pane;
            }
            while (openPane < pane)
            {
                endBatch(openPane++);
            }
            nextPaneStartNs = (openPane + 1) * PANE_NS;
        }

        private void finish()
        {
            if (openPane < 0)
            {
                return;
            }
            do
            {
                endBatch(openPane++);
            }
            while (emitted > 0);
        }

        private void endBatch(final long pane)
        {
            windowEndMillis = (pane + 1) * (PANE_NS / 1_000_000L);
            emitted = 0;
            window.endBatch(sink);
        }

        private void accept(final long key, final long sum, final long count)
        {
            emitted++;
            records++;
            checksum += W1Result.term(windowEndMillis, key, sum, count);
        }

        @Override
        public W1Result result()
        {
            window.close();
            return new W1Result(records, checksum);
        }
    }
}
