/**
 * Operator logic and keyed state for Rill: no threads, no files, no rings.
 */
package dev.rill.operators;
