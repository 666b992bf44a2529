package dev.rill.log;

/**
 * Where an append went.
 *
 * @param partition the partition.
 * @param offset    the record's offset in it.
 */
public record AppendResult(int partition, long offset)
{
}
