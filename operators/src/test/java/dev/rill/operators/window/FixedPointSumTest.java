package dev.rill.operators.window;

import dev.rill.operators.state.LongKeyedState;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * Why window sums are fixed point: a running sum that adds each new value and subtracts each expired one drifts
 * in double arithmetic, and stays exact in long arithmetic (prices in ticks of 0.01 here).
 */
class FixedPointSumTest
{
    private static final int WINDOW = 10;
    private static final int STEPS = 1_000_000;

    @Test
    void doubleRunningSumDriftsAndFixedPointDoesNot()
    {
        final SplittableRandom random = new SplittableRandom(42);
        final long[] ticks = new long[STEPS];
        for (int i = 0; i < STEPS; i++)
        {
            ticks[i] = 1 + random.nextInt(10_000_000);
        }
        try (LongKeyedState state = new LongKeyedState(2, 1))
        {
            final int slot = state.getOrInsert(7);
            final int doubleField = 0;
            final int ticksField = 1;
            for (int i = 0; i < STEPS; i++)
            {
                state.addDouble(slot, doubleField, ticks[i] / 100.0);
                state.addLong(slot, ticksField, ticks[i]);
                if (i >= WINDOW)
                {
                    state.addDouble(slot, doubleField, -(ticks[i - WINDOW] / 100.0));
                    state.addLong(slot, ticksField, -ticks[i - WINDOW]);
                }
            }
            double exactDouble = 0;
            long exactTicks = 0;
            for (int i = STEPS - WINDOW; i < STEPS; i++)
            {
                exactDouble += ticks[i] / 100.0;
                exactTicks += ticks[i];
            }
            assertEquals(exactTicks, state.getLong(slot, ticksField));
            final double drift = Math.abs(state.getDouble(slot, doubleField) - exactTicks / 100.0);
            assertNotEquals(exactDouble, state.getDouble(slot, doubleField));
            assertNotEquals(0.0, drift, "double running sum expected to drift");
        }
    }
}
