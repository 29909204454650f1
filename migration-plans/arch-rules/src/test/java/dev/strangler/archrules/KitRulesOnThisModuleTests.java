package dev.strangler.archrules;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.ArchTests;

/** The rule pack keeps the kit's own rules, pulled in the way every kit module does it. */
@AnalyzeClasses(packages = "dev.strangler.archrules", importOptions = ImportOption.DoNotIncludeTests.class)
class KitRulesOnThisModuleTests {

    @ArchTest
    static final ArchTests kit_rules = ArchTests.in(KitRules.class);
}
