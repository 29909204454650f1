package dev.strangler.sync.mapping;

/**
 * A pipeline file that cannot be used: names the file, the line, the key and the reason, so start-up can stop with
 * them: {@code pipelines/customers.yaml:12: tables[0].key: needs at least 1 item(s)}.
 */
public class PipelineConfigException extends RuntimeException {

    private final String file;
    private final int line;
    private final String key;
    private final String reason;

    /** A problem of one key, without a line (e.g. a setting that names the files). */
    public PipelineConfigException(String file, String key, String reason) {
        this(file, 0, key, reason);
    }

    /** A problem at a line of the file; {@code line} 0 when none can be named. */
    public PipelineConfigException(String file, int line, String key, String reason) {
        super((line > 0 ? file + ":" + line : file) + ": " + key + ": " + reason);
        this.file = file;
        this.line = line;
        this.key = key;
        this.reason = reason;
    }

    public String file() {
        return file;
    }

    /** 1-based line of the offending key or value; 0 when none can be named. */
    public int line() {
        return line;
    }

    public String key() {
        return key;
    }

    public String reason() {
        return reason;
    }
}
