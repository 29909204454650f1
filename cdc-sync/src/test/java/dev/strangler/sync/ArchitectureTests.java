package dev.strangler.sync;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.ArchTests;
import dev.strangler.archrules.KitRules;

/** The kit's rules for its own engines: independent of the other engines, constructor injection, no stray output. */
@AnalyzeClasses(packages = "dev.strangler.sync", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

    @ArchTest
    static final ArchTests kit_rules = ArchTests.in(KitRules.class);
}
