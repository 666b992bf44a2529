/**
 * Rill's partitioned commit log on Chronicle Queue.
 */
package dev.rill.log;
