package dev.strangler.plans;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.ArchTests;
import dev.strangler.archrules.KitRules;

/**
 * The kit's rules for its own engines: the plans engine reaches the proxy and cdc-sync only over HTTP, injects
 * by constructor, and prints only through the CLI's output layer.
 */
@AnalyzeClasses(packages = "dev.strangler.plans", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

    @ArchTest
    static final ArchTests kit_rules = ArchTests.in(KitRules.class);
}
