/**
 * Reports of the W1 and W2 harnesses: a results folder per run named by time, Markdown tables, HdrHistogram interval
 * logs and percentile distributions, a hand-written SVG chart of latency by percentile, and the one JSON object of
 * {@code --format json}.
 */
package dev.rill.perf.report;
