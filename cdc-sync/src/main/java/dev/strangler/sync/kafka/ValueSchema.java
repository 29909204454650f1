package dev.strangler.sync.kafka;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.json.JsonConverter;

/**
 * A record value's Connect schema as it travels on the schema topic: its JSON (Connect's {@code JsonConverter} schema
 * format, the {@code "schema"} part of the inline format) and its fingerprint, the first 128 bits of the SHA-256 of
 * exactly those bytes, in hex. Equal fingerprints mean equal bytes, so an applier that finds a schema under a
 * fingerprint has the schema the record was written with; two JSON spellings of one schema only cost a second
 * schema record, never a wrong decode.
 *
 * @param fingerprint 32 hex digits
 * @param json the schema's JSON, the schema record's value
 * @param schema the Connect schema
 */
record ValueSchema(String fingerprint, byte[] json, Schema schema) {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** From the capture side: the schema of a Debezium record and its JSON as Connect writes it. */
    static ValueSchema of(Schema schema, JsonNode json) {
        try {
            byte[] bytes = MAPPER.writeValueAsBytes(json);
            return new ValueSchema(fingerprint(bytes), bytes, schema);
        }
        catch (JsonProcessingException ex) {
            throw new IllegalStateException("Could not write the schema " + schema.name() + " as JSON", ex);
        }
    }

    /**
     * From the applier side: a schema record read from the schema topic. Refuses one whose bytes do not match its
     * key (not written by a strangler capture, or damaged).
     */
    static ValueSchema read(String fingerprint, byte[] json, JsonConverter converter) {
        String actual = fingerprint(json);
        if (!actual.equals(fingerprint)) {
            throw new IllegalStateException("Schema record " + fingerprint + " holds a schema whose fingerprint is "
                    + actual + ": not written by a strangler capture, or damaged");
        }
        try {
            return new ValueSchema(fingerprint, json, converter.asConnectSchema(MAPPER.readTree(json)));
        }
        catch (java.io.IOException ex) {
            throw new IllegalStateException("Schema record " + fingerprint + " is not JSON: " + ex.getMessage(), ex);
        }
    }

    static String fingerprint(byte[] json) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(json);
            return HexFormat.of().formatHex(digest, 0, 16);
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", ex);
        }
    }
}
