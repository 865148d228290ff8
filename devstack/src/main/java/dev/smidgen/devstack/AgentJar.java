package dev.smidgen.devstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * Writes the one-class {@link ParentWatchAgent} jar for {@code -javaagent:}. It is built from the loaded class
 * bytes at run time, so it works whether devstack sits in a jar, in ~/.m2 or in an IDE's classes directory.
 */
final class AgentJar {

    private AgentJar() {}

    /** Writes (or refreshes) the agent jar at {@code dir/parent-watch-agent.jar} and returns its path. */
    static synchronized Path write(Path dir) {
        String entryName = ParentWatchAgent.class.getName().replace('.', '/') + ".class";
        Path jar = dir.resolve("parent-watch-agent.jar");
        try (InputStream classBytes = ParentWatchAgent.class.getClassLoader().getResourceAsStream(entryName)) {
            if (classBytes == null) {
                throw new IllegalStateException("cannot read " + entryName + " from the classpath");
            }
            Files.createDirectories(dir);
            Manifest manifest = new Manifest();
            manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
            manifest.getMainAttributes().put(new Attributes.Name("Premain-Class"), ParentWatchAgent.class.getName());
            // Write to a temp file and move: a child JVM starting concurrently never sees a half-written jar.
            Path tmp = Files.createTempFile(dir, "parent-watch-agent", ".tmp");
            try (OutputStream out = Files.newOutputStream(tmp);
                    JarOutputStream jarOut = new JarOutputStream(out, manifest)) {
                jarOut.putNextEntry(new JarEntry(entryName));
                classBytes.transferTo(jarOut);
                jarOut.closeEntry();
            }
            Files.move(tmp, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return jar;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the parent-watch agent jar to " + dir, e);
        }
    }
}
