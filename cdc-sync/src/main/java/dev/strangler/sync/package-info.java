/**
 * cdc-sync: keeps the shared database and each service database in step while a migration runs.
 */
@NullMarked
package dev.strangler.sync;

import org.jspecify.annotations.NullMarked;
