/**
 * Off-heap keyed state: {@link dev.rill.operators.state.LongKeyedState} for primitive long keys (the fast path) and
 * {@link dev.rill.operators.state.BytesKeyedState} for byte-string keys (symbols, words), both open-addressing
 * tables in Agrona buffers over malloc'd memory, accessed by slot so that nothing allocates per event.
 *
 * <p>Every type here has a single writer and is not thread-safe.
 */
package dev.rill.operators.state;
