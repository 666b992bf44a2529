/**
 * Rill's off-heap maps against {@code java.util.HashMap<Long, Long>} and Agrona's {@code Long2LongHashMap} under the
 * same stream of counter updates (issue 5, "Measured"): updates/s, bytes per key and GC pauses, each map and key
 * count in a fresh JVM ({@link dev.rill.perf.maps.MapComparison}).
 */
package dev.rill.perf.maps;
