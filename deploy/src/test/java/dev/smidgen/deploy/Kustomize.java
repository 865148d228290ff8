package dev.smidgen.deploy;

import static org.junit.jupiter.api.Assertions.fail;

import dev.smidgen.devstack.testing.ExternalTool;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Renders a kustomization with {@code kubectl kustomize}, the renderer users run. Works with
 * Debian's kubectl (package kubernetes-client 1.20, kustomize v2.0.3) and current ones (kustomize
 * v5), which is why the manifests stick to syntax both read. {@code KUBECTL} may name the binary;
 * without any kubectl the tests that render are skipped (failed under SMIDGEN_TEST_HARNESS=required).
 */
final class Kustomize {
    private static final ExternalTool KUBECTL = ExternalTool.named("kubectl")
            .environmentVariable("KUBECTL")
            .install("apt-get install kubernetes-client (Debian), brew install kubectl (macOS)");

    private Kustomize() {}

    /** The rendered YAML stream of the kustomization in {@code dir}. */
    static String render(Path dir) {
        List<String> command =
                List.of(KUBECTL.require("the deploy manifest tests").toString(), "kustomize", dir.toString());
        try {
            Process process = new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return fail(String.join(" ", command) + " did not finish within 60 s");
            }
            if (process.exitValue() != 0) {
                return fail(String.join(" ", command) + " failed (exit " + process.exitValue() + "):\n" + err.join()
                        + out.join());
            }
            return out.join();
        } catch (IOException e) {
            return fail("Cannot run " + command.get(0) + ": " + e.getMessage());
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
