package dev.rill.operators.window;

import java.util.SplittableRandom;

/** Random input batches of (key, value) pairs for brute-force comparisons; some batches empty, keys reappearing. */
final class RandomBatches
{
    final long[][] keys;
    final long[][] values;

    RandomBatches(final long seed, final int batchCount, final int keySpace, final int maxRecordsPerBatch)
    {
        final SplittableRandom random = new SplittableRandom(seed);
        keys = new long[batchCount][];
        values = new long[batchCount][];
        for (int b = 0; b < batchCount; b++)
        {
            // Quiet stretches let every value of a key expire, so emptied keys are exercised.
            final boolean isQuiet = random.nextInt(10) < 3;
            final int records = isQuiet ? 0 : random.nextInt(maxRecordsPerBatch + 1);
            keys[b] = new long[records];
            values[b] = new long[records];
            for (int r = 0; r < records; r++)
            {
                final int k = random.nextInt(keySpace);
                keys[b][r] = k == 0 ? Long.MIN_VALUE : k * 1_000_003L;
                values[b][r] = random.nextInt(20) == 0 ? random.nextLong() : random.nextInt(2001) - 1000;
            }
        }
    }

    int batchCount()
    {
        return keys.length;
    }
}
