package dev.strangler.archrules;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.Source;
import com.tngtech.archunit.core.domain.properties.HasSourceCodeLocation;
import com.tngtech.archunit.thirdparty.org.objectweb.asm.ClassReader;
import com.tngtech.archunit.thirdparty.org.objectweb.asm.ClassVisitor;
import com.tngtech.archunit.thirdparty.org.objectweb.asm.FieldVisitor;
import com.tngtech.archunit.thirdparty.org.objectweb.asm.Handle;
import com.tngtech.archunit.thirdparty.org.objectweb.asm.Label;
import com.tngtech.archunit.thirdparty.org.objectweb.asm.MethodVisitor;
import com.tngtech.archunit.thirdparty.org.objectweb.asm.Opcodes;
import com.tngtech.archunit.thirdparty.org.objectweb.asm.Type;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The string constants of a class with where they are used: {@code ldc} operands with their source line, the
 * constant parts of string concatenations ({@code invokedynamic} recipes), and constant field values.
 *
 * <p>ArchUnit's domain model has no string constants, so this reads the class file again with the ASM copy that
 * ArchUnit ships (kept in this one class, so that moving to another reader touches nothing else).
 */
final class StringConstants {

    /** Marks the variable parts of a concatenation recipe, so that SQL keywords never join across a gap. */
    private static final String GAP = " ? ";

    /**
     * One string constant.
     *
     * @param text the constant
     * @param where the code unit or field, in ArchUnit's wording, e.g. {@code Method <a.B.c(long)>}
     * @param line the source line, 0 for a field constant or where the class has no line numbers
     */
    record Found(String text, String where, int line) {
    }

    private StringConstants() {
    }

    static List<Found> of(JavaClass javaClass) {
        Optional<Source> source = javaClass.getSource();
        if (source.isEmpty()) {
            return List.of();
        }
        byte[] bytes;
        try (InputStream in = source.get().getUri().toURL().openStream()) {
            bytes = in.readAllBytes();
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Cannot re-read " + source.get().getUri() + " for its string constants", ex);
        }
        Collector collector = new Collector(javaClass.getName());
        new ClassReader(bytes).accept(collector, ClassReader.SKIP_FRAMES);
        return collector.found;
    }

    /** The location ArchUnit would print for this line of the class, e.g. {@code (OrderQueries.java:42)}. */
    static String location(JavaClass javaClass, int line) {
        String fileName = javaClass.getSource().flatMap(Source::getFileName)
                .orElse(javaClass.getSimpleName() + ".java");
        return "(" + fileName + ":" + line + ")";
    }

    static String location(HasSourceCodeLocation located) {
        return located.getSourceCodeLocation().toString();
    }

    private static final class Collector extends ClassVisitor {

        private final String owner;
        private final List<Found> found = new ArrayList<>();

        Collector(String owner) {
            super(Opcodes.ASM9);
            this.owner = owner;
        }

        @Override
        public @Nullable FieldVisitor visitField(int access, String name, String descriptor,
                @Nullable String signature, @Nullable Object value) {
            if (value instanceof String text) {
                found.add(new Found(text, "Field <" + owner + "." + name + ">", 0));
            }
            return null;
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, @Nullable String signature,
                String @Nullable [] exceptions) {
            String where = describe(name, descriptor);
            return new MethodVisitor(Opcodes.ASM9) {

                private int line;

                @Override
                public void visitLineNumber(int line, Label start) {
                    this.line = line;
                }

                @Override
                public void visitLdcInsn(Object value) {
                    if (value instanceof String text) {
                        found.add(new Found(text, where, line));
                    }
                }

                @Override
                public void visitInvokeDynamicInsn(String name, String descriptor, Handle bootstrap,
                        Object... arguments) {
                    if ("java/lang/invoke/StringConcatFactory".equals(bootstrap.getOwner())) {
                        for (Object argument : arguments) {
                            if (argument instanceof String recipe) {
                                found.add(new Found(recipe.replace("\u0001", GAP).replace("\u0002", GAP), where,
                                        line));
                            }
                        }
                    }
                }
            };
        }

        private String describe(String name, String descriptor) {
            String parameters = Arrays.stream(Type.getArgumentTypes(descriptor)).map(Type::getClassName)
                    .collect(Collectors.joining(", "));
            String kind = switch (name) {
                case "<init>" -> "Constructor";
                case "<clinit>" -> "Static Initializer";
                default -> "Method";
            };
            return kind + " <" + owner + "." + name + "(" + parameters + ")>";
        }
    }
}
