/**
 * The pipeline API and its execution: stages on Disruptor rings, stage threads, sources and sinks.
 */
package dev.rill.engine;
