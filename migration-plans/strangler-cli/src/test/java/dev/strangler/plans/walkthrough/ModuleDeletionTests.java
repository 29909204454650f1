package dev.strangler.plans.walkthrough;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModuleDeletionTests {

    @TempDir
    Path temp;

    @Test
    void copiesEveryClassButThoseOfTheDeletedModuleAndItsSubpackages() throws IOException {
        Path classes = temp.resolve("classes");
        for (String file : List.of("com/acme/shop/ShopApplication.class", "com/acme/shop/customers/CustomerDirectory.class",
                "com/acme/shop/customers/internal/Customers.class", "com/acme/shop/customersupport/Ticket.class",
                "com/acme/shop/orders/internal/Order.class", "application.yaml")) {
            Files.createDirectories(classes.resolve(file).getParent());
            Files.writeString(classes.resolve(file), file);
        }
        Path into = temp.resolve("retired");
        Files.createDirectories(into.resolve("com/acme/shop/customers"));
        Files.writeString(into.resolve("com/acme/shop/customers/Stale.class"), "from an earlier run");

        Path copy = ModuleDeletion.classesWithout(classes, "com.acme.shop.customers", into);

        assertThat(copy).isEqualTo(into);
        try (Stream<Path> files = Files.walk(copy)) {
            assertThat(files.filter(Files::isRegularFile).map(file -> copy.relativize(file).toString().replace('\\', '/')))
                    .containsExactlyInAnyOrder("com/acme/shop/ShopApplication.class",
                            "com/acme/shop/customersupport/Ticket.class", "com/acme/shop/orders/internal/Order.class",
                            "application.yaml");
        }
        assertThat(classes.resolve("com/acme/shop/customers/internal/Customers.class")).exists();
    }
}
