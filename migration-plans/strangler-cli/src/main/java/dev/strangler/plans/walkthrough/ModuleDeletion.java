package dev.strangler.plans.walkthrough;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/**
 * The monolith's classes as the commit that deletes one of its modules leaves them: a copy of the compiled classes
 * without the module's package. The walkthrough's monolith must keep its code (it is run again, and plans roll back
 * to it), so the deletion a team would commit at {@code retire} is made on a copy; the decommission check then looks
 * for writers of the plan's tables in everything else the monolith still holds.
 */
final class ModuleDeletion {

    private ModuleDeletion() {
    }

    /**
     * Copies {@code classes} into {@code into}, leaving out every class of {@code modulePackage} and its
     * subpackages; {@code into} is emptied first.
     *
     * @return {@code into}
     */
    static Path classesWithout(Path classes, String modulePackage, Path into) {
        Path module = classes.resolve(modulePackage.replace('.', '/'));
        try {
            delete(into);
            try (Stream<Path> files = Files.walk(classes)) {
                for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                    if (file.startsWith(module)) {
                        continue;
                    }
                    Path target = into.resolve(classes.relativize(file).toString());
                    Files.createDirectories(target.getParent());
                    Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            return into;
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Cannot copy the monolith's classes from " + classes + " to " + into, ex);
        }
    }

    private static void delete(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : (Iterable<Path>) files.sorted((a, b) -> b.compareTo(a))::iterator) {
                Files.delete(file);
            }
        }
    }
}
