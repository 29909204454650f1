package com.acme.shop.architecture;

import static com.tngtech.archunit.library.freeze.FreezingArchRule.freeze;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.strangler.archrules.ModuleLayout;
import dev.strangler.archrules.MonolithRules;
import dev.strangler.plans.plan.PlanFiles;

/**
 * The shop's module boundaries, with modules and table ownership taken from migration-plans/plans. The rules with
 * legacy violations (docs/legacy-coupling.md) are frozen: the committed store in src/test/resources/archunit-store
 * records them, so only new violations fail and the baseline can only go down.
 */
@AnalyzeClasses(packages = "com.acme.shop", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

    static final ModuleLayout LAYOUT = ModuleLayout.fromPlans(new PlanFiles().locateHeaders());

    @ArchTest
    static final ArchRule modules_are_free_of_cycles = freeze(MonolithRules.modulesAreFreeOfCycles(LAYOUT));

    @ArchTest
    static final ArchRule modules_reach_each_other_only_through_their_api =
            freeze(MonolithRules.modulesReachEachOtherOnlyThroughTheirApi(LAYOUT));

    @ArchTest
    static final ArchRule modules_being_extracted_gain_no_new_dependents =
            freeze(MonolithRules.modulesBeingExtractedGainNoDependents(LAYOUT));

    @ArchTest
    static final ArchRule tables_of_modules_being_extracted_are_used_only_by_them =
            freeze(MonolithRules.tablesOfModulesBeingExtractedAreUsedOnlyByThem(LAYOUT));

    // Not frozen: once a plan's writes are cut over, every remaining writer is a bug, old or new.
    @ArchTest
    static final ArchRule no_code_writes_a_table_whose_writes_are_cut_over =
            MonolithRules.monolithWritesNoTableCutOverToAService(LAYOUT);

    @ArchTest
    static final ArchRule plans_match_the_code = MonolithRules.plansMatchTheCode(LAYOUT);
}
