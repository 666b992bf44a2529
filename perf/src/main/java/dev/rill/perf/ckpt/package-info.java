/**
 * Checkpoint figures of issue 7 on W1: the cost of checkpoints every second against none, and the time a restarted
 * pipeline takes to recover and catch up with a backlog.
 */
package dev.rill.perf.ckpt;
