/**
 * The admin API on 127.0.0.1:8090: pipelines, direction switch, resync, audit log, lag health.
 */
@NullMarked
package dev.strangler.sync.admin;

import org.jspecify.annotations.NullMarked;
