package dev.strangler.archrules;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.ArchTests;

/**
 * The rule pack keeps the kit's own rules, pulled in the way every kit module does it; with it the plan model
 * ({@code dev.strangler.plans.plan}) and the schema support it reads plans with, which are on this module's class
 * path and cannot have an ArchitectureTests of their own (this module depends on them).
 */
@AnalyzeClasses(packages = {"dev.strangler.archrules", "dev.strangler.plans.plan", "dev.strangler.support.schema"},
        importOptions = ImportOption.DoNotIncludeTests.class)
class KitRulesOnThisModuleTests {

    @ArchTest
    static final ArchTests kit_rules = ArchTests.in(KitRules.class);
}
