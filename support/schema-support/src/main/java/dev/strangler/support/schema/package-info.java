/**
 * YAML files checked against a published JSON Schema: a YAML document read into a JSON tree that remembers the line
 * of every key and item, a schema check whose problems name that line, the key path and the reason, and the path
 * type that readers use for the checks a schema cannot express. Nothing here knows plans or pipelines.
 */
@NullMarked
package dev.strangler.support.schema;

import org.jspecify.annotations.NullMarked;
