package dev.strangler.sync.mapping;

/** Where one side of a pipeline lives. */
public record DatabaseEndpoint(String jdbcUrl, String username, String password) {

    @Override
    public String toString() {
        // Never print the password.
        return jdbcUrl + " as " + username;
    }
}
