/**
 * The {@code rill} command line.
 */
package dev.rill.tools;
