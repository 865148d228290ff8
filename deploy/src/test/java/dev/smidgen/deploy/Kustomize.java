package dev.smidgen.deploy;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Renders a kustomization with {@code kubectl kustomize}, the renderer users run. Works with
 * Debian's kubectl (package kubernetes-client 1.20, kustomize v2.0.3) and current ones (kustomize
 * v5), which is why the manifests stick to syntax both read. {@code KUBECTL} may name the binary.
 */
final class Kustomize {
    private static final String INSTALL_HINT = "kubectl is needed to render the kustomize overlays. Install Debian's "
            + "package: apt-get install kubernetes-client (.ci/run does that when kubectl is missing), or set KUBECTL "
            + "to a kubectl binary.";

    private Kustomize() {
    }

    /** The kubectl binary: $KUBECTL, else the first kubectl on the PATH; fails the test clearly if there is none. */
    static String kubectl() {
        String configured = System.getenv("KUBECTL");
        if (configured != null && !configured.isBlank()) {
            if (!Files.isExecutable(Path.of(configured))) {
                fail("KUBECTL=" + configured + " is not an executable file. " + INSTALL_HINT);
            }
            return configured;
        }
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "kubectl"))) {
                return Path.of(dir, "kubectl").toString();
            }
        }
        return fail("No kubectl on the PATH. " + INSTALL_HINT);
    }

    /** The rendered YAML stream of the kustomization in {@code dir}. */
    static String render(Path dir) {
        List<String> command = List.of(kubectl(), "kustomize", dir.toString());
        try {
            Process process = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return fail(String.join(" ", command) + " did not finish within 60 s");
            }
            if (process.exitValue() != 0) {
                return fail(String.join(" ", command) + " failed (exit " + process.exitValue() + "):\n" + err.join() + out.join());
            }
            return out.join();
        } catch (IOException e) {
            return fail("Cannot run " + command.get(0) + ": " + e.getMessage() + ". " + INSTALL_HINT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String read(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
