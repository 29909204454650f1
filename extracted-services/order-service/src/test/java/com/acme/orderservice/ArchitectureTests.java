package com.acme.orderservice;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.ArchTests;
import dev.strangler.archrules.ServiceRules;

/**
 * The migration's rules for a service, from the plans in {@code migration-plans/plans}: it never depends on the
 * monolith's classes and touches only its own tables.
 */
@AnalyzeClasses(packages = "com.acme.orderservice", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

    @ArchTest
    static final ArchTests service_rules = ArchTests.in(ServiceRules.class);
}
