package com.acme.shop.system.seed;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes the demo data set once, into a shop whose seeded tables are all empty. Rows are generated in SQL from their
 * index (names, emails, prices and timestamps alike), so the same settings always give the same data, and a million
 * customers take seconds rather than a million round trips. Each chunk commits on its own and reports progress.
 *
 * <p>The rows themselves are written by each module's {@link DemoDataSet}: this class only decides whether to seed
 * and drives the chunks, so it touches no module's tables.
 */
@Component
class DemoData implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoData.class);
    private static final int CHUNK = 100_000;

    private final SeedSettings settings;
    private final List<DemoDataSet> sets;
    private final TransactionTemplate transactions;

    /** @param sets every module's set, in their {@code @Order} */
    DemoData(SeedSettings settings, List<DemoDataSet> sets, TransactionTemplate transactions) {
        this.settings = settings;
        this.sets = sets;
        this.transactions = transactions;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!settings.enabled()) {
            return;
        }
        List<String> filled = sets.stream().filter(set -> !set.isEmpty()).map(DemoDataSet::name).toList();
        if (!filled.isEmpty()) {
            log.info("Demo data: the database already holds {}, nothing written", String.join(", ", filled));
            return;
        }
        log.info("Demo data: writing {}", String.join(", ",
                sets.stream().map(set -> set.count(settings) + " " + set.name()).toList()));
        for (DemoDataSet set : sets) {
            inChunks(set);
        }
        sets.forEach(DemoDataSet::afterWrite);
        log.info("Demo data: done");
    }

    private void inChunks(DemoDataSet set) {
        int total = set.count(settings);
        for (long from = 1; from <= total; from += CHUNK) {
            long to = Math.min(total, from + CHUNK - 1);
            long first = from;
            transactions.executeWithoutResult(status -> set.write(settings, first, to));
            if (total > CHUNK) {
                log.info("Demo data: {} {}/{} ({}%)", set.name(), to, total, to * 100 / total);
            }
        }
    }
}
