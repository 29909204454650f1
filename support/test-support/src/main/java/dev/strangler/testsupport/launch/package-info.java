/**
 * An app's {@code main} run in-process as {@code java -jar} runs it, for tests of what it does before Spring starts.
 */
@NullMarked
package dev.strangler.testsupport.launch;

import org.jspecify.annotations.NullMarked;
