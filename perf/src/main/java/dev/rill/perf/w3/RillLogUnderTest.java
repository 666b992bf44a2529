package dev.rill.perf.w3;

import java.nio.ByteBuffer;
import java.nio.file.Path;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import dev.rill.log.Consumer;
import dev.rill.log.ConsumerOptions;
import dev.rill.log.Producer;
import dev.rill.log.ProducerBatch;
import dev.rill.log.RecordHandler;
import dev.rill.log.RecordView;
import dev.rill.log.RillLog;
import dev.rill.log.Topic;
import dev.rill.log.TopicConfig;

/**
 * W3 through the Rill log: one topic with one partition, records added from an off-heap buffer to a
 * {@link ProducerBatch} committed every {@code appendBatch} records, or with {@code appendBatch} 1 each
 * {@link Producer#append(int, long, DirectBuffer, int, int, DirectBuffer, int, int)} alone (record timestamp = the
 * event time); {@link Consumer#poll} with a handler that reads key and value in place. Every batch read has its
 * CRC32C verified by the consumer, as any Rill reader does.
 */
final class RillLogUnderTest implements LogUnderTest
{
    static final String TOPIC = "w3";
    private static final int PARTITION = 0;

    private final TopicConfig config;
    private final int pollBatch;
    private final int appendBatch;
    private final UnsafeBuffer record = new UnsafeBuffer(ByteBuffer.allocateDirect(W3Record.PAYLOAD_LENGTH));
    private final ChecksumHandler handler = new ChecksumHandler();
    private RillLog log;
    private Topic topic;
    private Producer producer;
    private ProducerBatch batch;

    RillLogUnderTest(final String rollCycle, final long blockSizeBytes, final int pollBatch, final int appendBatch)
    {
        this.config = TopicConfig.builder(1).rollCycle(rollCycle).blockSizeBytes(blockSizeBytes).build();
        this.pollBatch = pollBatch;
        this.appendBatch = appendBatch;
    }

    @Override
    public String name()
    {
        return "rill";
    }

    @Override
    public void open(final Path dir)
    {
        log = RillLog.open(dir);
        topic = log.createTopic(TOPIC, config);
        producer = topic.producer();
        batch = producer.batch(PARTITION);
    }

    @Override
    public void append(final long records, final Tally tally)
    {
        if (appendBatch == 1)
        {
            appendEach(records, tally);
            return;
        }
        final ProducerBatch batch = this.batch;
        final UnsafeBuffer record = this.record;
        final int perBatch = appendBatch;
        final long first = topic.nextOffset(PARTITION);
        for (long i = 0; i < records; i++)
        {
            final long term = W3Record.fill(record, 0, i);
            if (!batch.add(record.getLong(W3Record.EVENT_TIME_OFFSET), record, W3Record.KEY_OFFSET,
                W3Record.KEY_LENGTH, record, W3Record.VALUE_OFFSET, W3Record.VALUE_LENGTH))
            {
                throw new IllegalStateException("rill: batch full at " + batch.size() + " records");
            }
            if (batch.size() == perBatch)
            {
                checkOffset(batch.commit(), i + 1 - perBatch, first);
            }
            tally.add(term);
        }
        final int rest = batch.size();
        checkOffset(batch.commit(), records - rest, first);
    }

    private static void checkOffset(final long offset, final long record, final long first)
    {
        if (offset >= 0 && offset != first + record)
        {
            throw new IllegalStateException("rill: record " + record + " was appended at offset " + offset);
        }
    }

    private void appendEach(final long records, final Tally tally)
    {
        final Producer producer = this.producer;
        final UnsafeBuffer record = this.record;
        for (long i = 0; i < records; i++)
        {
            final long term = W3Record.fill(record, 0, i);
            final long offset = producer.append(PARTITION, record.getLong(W3Record.EVENT_TIME_OFFSET),
                record, W3Record.KEY_OFFSET, W3Record.KEY_LENGTH, record, W3Record.VALUE_OFFSET, W3Record.VALUE_LENGTH);
            if (offset != i)
            {
                throw new IllegalStateException("rill: record " + i + " was appended at offset " + offset);
            }
            tally.add(term);
        }
    }

    @Override
    public void replayAll(final long records, final Tally tally)
    {
        handler.tally = tally;
        try (Consumer consumer = topic.consumer(ConsumerOptions.fromEarliest()))
        {
            drain(consumer, records, 0);
        }
    }

    @Override
    public void replayFrom(final long[] offsets, final int length, final Tally tally)
    {
        handler.tally = tally;
        try (Consumer consumer = topic.consumer(ConsumerOptions.fromEarliest()))
        {
            for (final long offset : offsets)
            {
                consumer.seek(PARTITION, offset);
                drain(consumer, length, offset);
            }
        }
    }

    private void drain(final Consumer consumer, final long records, final long from)
    {
        long left = records;
        while (left > 0)
        {
            final int read = consumer.poll(handler, (int)Math.min(pollBatch, left));
            if (read == 0)
            {
                throw new IllegalStateException("rill: log ended after " + (records - left) + " of " + records +
                    " records read from offset " + from);
            }
            left -= read;
        }
    }

    @Override
    public void close()
    {
        if (log != null)
        {
            log.close();
            log = null;
        }
    }

    /**
     * Reads key and value of each record in place; a static class, so no lambda is captured per call.
     */
    private static final class ChecksumHandler implements RecordHandler
    {
        Tally tally;

        @Override
        public void onRecord(final RecordView view)
        {
            if (view.keyLength() != W3Record.KEY_LENGTH || view.valueLength() != W3Record.VALUE_LENGTH)
            {
                throw new IllegalStateException("rill: record at offset " + view.offset() + " has key " +
                    view.keyLength() + " B and value " + view.valueLength() + " B, expected 8 B and 24 B");
            }
            final DirectBuffer buffer = view.buffer();
            final int key = view.keyOffset();
            final int value = view.valueOffset();
            tally.add(W3Record.term(buffer.getLong(key), buffer.getLong(value), buffer.getLong(value + 8),
                buffer.getLong(value + 16)));
        }
    }
}
