/**
 * Stray writes and slot retention: after cutover, watches the legacy tables a reverse pipeline hands over for writes
 * that the monolith still makes directly (nothing carries them to the service), records them durably, and reports how
 * much WAL each of the kit's replication slots holds back.
 */
@NullMarked
package dev.strangler.sync.stray;

import org.jspecify.annotations.NullMarked;
