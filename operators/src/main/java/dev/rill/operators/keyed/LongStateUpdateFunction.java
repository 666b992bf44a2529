package dev.rill.operators.keyed;

/**
 * Spark's {@code updateStateByKey} function {@code (Seq[V], Option[S]) => Option[S]} for {@code long} values and
 * state, without allocation: the previous state comes in, and the result goes out, through a reused
 * {@link LongState}.
 *
 * <table>
 *   <caption>Spark's function and this one</caption>
 *   <tr><th>Spark</th><th>here</th></tr>
 *   <tr><td>{@code state: Option[S]} is {@code Some(s)}</td><td>{@code state.exists()}, {@code state.get() == s}</td></tr>
 *   <tr><td>return {@code Some(x)}</td><td>{@code state.update(x)}</td></tr>
 *   <tr><td>return {@code Some(s)} (unchanged)</td><td>do nothing when the state exists</td></tr>
 *   <tr><td>return {@code None}</td><td>{@code state.remove()} (or do nothing when no state exists)</td></tr>
 * </table>
 */
@FunctionalInterface
public interface LongStateUpdateFunction
{
    /**
     * @param key       the key.
     * @param newValues the key's values in this batch, in arrival order; empty for a key offered only because it has
     *                  state (Spark's quirk); valid only during the call.
     * @param state     the key's state; valid only during the call.
     */
    void update(long key, LongValues newValues, LongState state);
}
