package dev.strangler.support.schema;

/**
 * A YAML document that cannot even be turned into a tree (broken syntax, a duplicate key, an alias): the reader that
 * called {@link YamlDocument#read} reports {@link #problem()} in its own terms, with its file name.
 */
public final class InvalidYamlException extends RuntimeException {

    private final YamlProblem problem;

    public InvalidYamlException(YamlProblem problem) {
        super(problem.toString());
        this.problem = problem;
    }

    public YamlProblem problem() {
        return problem;
    }
}
