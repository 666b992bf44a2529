/**
 * Engine internals: stage agents, fused operator chains, ring writers and shard routers, sources and sinks.
 * Not an API: types here change without notice.
 */
package dev.rill.engine.internal;
