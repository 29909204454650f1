package dev.strangler.plans.cli;

import dev.strangler.plans.cli.output.Console;
import dev.strangler.plans.init.StarterStack;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code strangler init}: write a starter stack for the user's own monolith and print the capture preflight. Exit 0
 * when the preflight passes, 1 when a check fails (the files are written all the same), 2 on bad input or when a
 * file exists (then nothing is written).
 */
@Command(name = "init", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Write a starter stack for your monolith into a directory: strangler.yaml, the proxy's "
                + "rules, a sync pipeline and a plan per service, and each service's Flyway V1 migration, from "
                + "the monolith's database catalog and its endpoints. Then check what capture needs of the "
                + "monolith's database (PostgreSQL 16+, wal_level, slots, WAL senders, privileges, keys, replica "
                + "identity) and print each failed check with its exact fix. Only reads the monolith's database.",
                "",
                "Example:",
                "  strangler init --database jdbc:postgresql://localhost:5432/clinic --user clinic \\",
                "      --password-env CLINIC_DB_PASSWORD --monolith-url http://localhost:8080/clinic \\",
                "      --monolith-package com.example.clinic --openapi openapi.yaml \\",
                "      --service visit-service --tables visits,vet_slots,visit_audit",
                ""},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:files written, preflight passed", "1:preflight failed (files written all the same)",
                "2:bad input, or a file exists (nothing written)"})
final class InitCommand implements Callable<Integer> {

    private static final int WIDTH = 100;

    @Option(names = "--dir", paramLabel = "DIR", defaultValue = ".",
            description = "Where to write (default: the working directory).")
    Path directory;

    @Option(names = "--force", description = "Overwrite files that exist.")
    boolean force;

    @Option(names = "--check-only", description = "Run the preflight only; write nothing.")
    boolean checkOnly;

    @Option(names = "--database", required = true, paramLabel = "JDBC_URL",
            description = "The monolith's database, e.g. jdbc:postgresql://localhost:5432/clinic.")
    String database;

    @Option(names = "--user", required = true, description = "The database user (the one capture will use).")
    String user;

    @Option(names = "--password-env", paramLabel = "VAR", defaultValue = "PGPASSWORD",
            description = "The environment variable holding the user's password (default: ${DEFAULT-VALUE}). "
                    + "Written into the files by name, never its value.")
    String passwordEnv;

    @Option(names = "--monolith-url", required = true, paramLabel = "URL",
            description = "Where the monolith answers, context path included, e.g. http://localhost:8080/clinic.")
    URI monolithUrl;

    @Option(names = "--monolith-package", required = true, paramLabel = "PACKAGE",
            description = "The monolith's base Java package, for the plans' architecture rules.")
    String monolithPackage;

    @Option(names = "--monolith-classes", paramLabel = "DIR|JAR",
            description = "The monolith's compiled classes: init finds the classes that use each service's tables and "
                    + "writes the plan's module as their feature package, or, in a monolith organised by layer, as "
                    + "the classes that use the tables; also the stack file's monolith.classes.")
    @Nullable Path monolithClasses;

    @Option(names = "--stack-name", paramLabel = "NAME", description = "The stack's name (default: the database's).")
    @Nullable String stackName;

    @Option(names = "--context-path", paramLabel = "PATH",
            description = "The monolith's context path, e.g. /clinic (default: from the endpoint source).")
    @Nullable String contextPath;

    @ArgGroup(exclusive = true, multiplicity = "1", heading = "Endpoints (one of):%n")
    EndpointOptions endpoints;

    @ArgGroup(exclusive = false, multiplicity = "1..*", heading = "Each service to extract (repeat the group):%n")
    List<ServiceOptions> services = new ArrayList<>();

    @Spec
    CommandSpec spec;

    static final class EndpointOptions {

        @Option(names = "--openapi", paramLabel = "FILE|URL", description = "The monolith's OpenAPI document.")
        @Nullable String openApi;

        @Option(names = "--mappings", paramLabel = "URL",
                description = "Spring Boot's /actuator/mappings, e.g. http://localhost:8080/clinic/actuator/mappings.")
        @Nullable String mappings;

        @Option(names = "--paths", paramLabel = "PATH", split = ",",
                description = "Paths as the monolith serves them, e.g. /clinic/api/visits,/clinic/api/owners.")
        @Nullable List<String> paths;

        StarterStack.EndpointSource source() {
            if (openApi != null) {
                return new StarterStack.EndpointSource("openapi", List.of(openApi));
            }
            if (mappings != null) {
                return new StarterStack.EndpointSource("mappings", List.of(mappings));
            }
            return new StarterStack.EndpointSource("paths", paths == null ? List.of() : paths);
        }
    }

    static final class ServiceOptions {

        @Option(names = "--service", required = true, paramLabel = "NAME",
                description = "The service's name, also the proxy's backend name, e.g. visit-service.")
        String name;

        @Option(names = "--tables", required = true, split = ",", paramLabel = "TABLE",
                description = "The monolith's tables it takes (table or schema.table).")
        List<String> tables;

        @Option(names = "--resources", split = ",", paramLabel = "NAME",
                description = "The resources it takes over, e.g. visits (default: those named like its tables).")
        List<String> resources = new ArrayList<>();

        @Option(names = "--service-url", paramLabel = "URL",
                description = "Where it answers (default: http://localhost:8081, 8082, … in order).")
        @Nullable String url;

        @Option(names = "--service-database", paramLabel = "JDBC_URL",
                description = "Its own database (default: the monolith's server, named after its pipeline).")
        @Nullable String databaseUrl;

        @Option(names = "--service-package", paramLabel = "PACKAGE",
                description = "Its base Java package (default: a sibling of the monolith's).")
        @Nullable String basePackage;
    }

    @Override
    public Integer call() {
        Console console = PlanCommand.console(spec);
        String password = System.getenv(passwordEnv);
        if (password == null) {
            console.progress(passwordEnv + " is not set; connecting without a password");
        }
        StarterStack.Result result = StarterStack.write(new StarterStack.Request(directory, stackName, database,
                user, passwordEnv, password == null ? "" : password, monolithUrl, monolithPackage,
                services.stream().map(s -> new StarterStack.Service(s.name, s.tables, s.url, s.databaseUrl,
                        s.resources, s.basePackage)).toList(), endpoints.source(), contextPath, force, checkOnly,
                monolithClasses));
        result.written().forEach(file -> console.line("wrote " + file));
        if (!result.leftWithMonolith().isEmpty()) {
            wrap(console, "left with the monolith (no service takes them): "
                    + String.join(", ", result.leftWithMonolith()), "  ");
        }
        console.line("");
        wrap(console, "Preflight of " + database + " (read only, nothing changed):", "  ");
        for (StarterStack.Check check : result.preflight()) {
            wrap(console, (check.passed() ? "[ok] " : "[!!] ") + check.item() + ": " + check.detail(), "     ");
            if (check.fix() != null) {
                wrap(console, "     fix: " + check.fix(), "          ");
            }
        }
        long failed = result.preflight().stream().filter(check -> !check.passed()).count();
        console.line("");
        if (failed > 0) {
            wrap(console, failed + " of " + result.preflight().size() + " checks failed. Run each fix on the "
                    + "monolith's database (init changed nothing), then check again with --check-only.", "");
            return StranglerCli.NO;
        }
        console.line("All " + result.preflight().size() + " checks passed. Next: review the files, then "
                + "`strangler up`.");
        return 0;
    }

    /** Prints {@code text} in lines of at most 100 columns, continuation lines indented. */
    private static void wrap(Console console, String text, String indent) {
        String rest = text;
        
        while (rest.length() > WIDTH) {
            int cut = rest.lastIndexOf(' ', WIDTH);
            if (cut <= indent.length()) {
                break;
            }
            console.line(rest.substring(0, cut));
            rest = indent + rest.substring(cut + 1);

        }
        console.line(rest);
    }
}
