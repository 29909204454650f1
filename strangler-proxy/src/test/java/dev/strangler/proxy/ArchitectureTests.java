package dev.strangler.proxy;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.ArchTests;
import com.tngtech.archunit.lang.ArchRule;
import dev.strangler.archrules.KitRules;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The kit's rules for its own engines: independent of the other engines, constructor injection, no stray output. */
@AnalyzeClasses(packages = "dev.strangler.proxy", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

    @ArchTest
    static final ArchTests kit_rules = ArchTests.in(KitRules.class);

    @ArchTest
    static final ArchRule the_proxy_logs_through_slf4j = noClasses().should().dependOnClassesThat()
        .resideInAPackage("org.apache.commons.logging..")
        .because("every part of the kit logs through SLF4J, so one logging configuration covers the proxy too");
}
