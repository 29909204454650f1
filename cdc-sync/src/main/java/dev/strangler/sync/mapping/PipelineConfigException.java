package dev.strangler.sync.mapping;

/** A pipeline file that cannot be used: names the file, the key and the reason, so start-up can stop with them. */
public class PipelineConfigException extends RuntimeException {

    private final String file;
    private final String key;
    private final String reason;

    public PipelineConfigException(String file, String key, String reason) {
        super(file + ": " + key + ": " + reason);
        this.file = file;
        this.key = key;
        this.reason = reason;
    }

    public String file() {
        return file;
    }

    public String key() {
        return key;
    }

    public String reason() {
        return reason;
    }
}
