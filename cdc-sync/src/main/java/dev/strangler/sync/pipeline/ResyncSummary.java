package dev.strangler.sync.pipeline;

/**
 * What a resync of one table did.
 *
 * @param table the source table copied again
 * @param rowsCopied source rows written to their target rows (an upsert the version guard refused counts too)
 * @param rowsDeleted target rows deleted because their source row no longer exists
 */
public record ResyncSummary(String table, long rowsCopied, long rowsDeleted, long tookMillis) {
}
