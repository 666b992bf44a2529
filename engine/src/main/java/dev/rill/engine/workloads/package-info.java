/**
 * The reference workloads of {@code shared/bench/WORKLOADS.md} as Rill pipelines, beside straightforward
 * single-threaded implementations of their specs that prove the pipelines compute the same records and checksums.
 */
package dev.rill.engine.workloads;
