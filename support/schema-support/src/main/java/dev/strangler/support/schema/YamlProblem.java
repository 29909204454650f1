package dev.strangler.support.schema;

/**
 * One thing wrong with a YAML file, in the form every reader of the kit reports it: {@code line: path: reason}.
 *
 * @param line 1-based line of the offending key or value; 0 when no line can be named
 * @param path the key path, e.g. {@code phases[1].gates.coffee}
 * @param reason what is wrong, e.g. {@code unknown key (known: [...])}
 */
public record YamlProblem(int line, YamlPath path, String reason) {

    @Override
    public String toString() {
        return line + ": " + path + ": " + reason;
    }
}
