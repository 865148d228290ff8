package dev.smidgen.devstack;

import java.nio.file.Path;
import java.util.List;

/**
 * Helper JVM for {@link UnitsTests}: started as a parent, it launches a child JVM through {@link ChildProcess},
 * prints the child's pid and sleeps; started with "child", it just sleeps. The test kills the parent with
 * SIGKILL and expects the child to follow.
 */
public final class SpawningParent {

    private SpawningParent() {}

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("child")) {
            Thread.sleep(Long.MAX_VALUE);
            return;
        }
        Path dir = Path.of(args[0]);
        ChildProcess child = ChildProcess.java("orphan-candidate")
                .jvmOptions(List.of("-Xmx32m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"))
                .arguments(
                        List.of("-cp", System.getProperty("java.class.path"), SpawningParent.class.getName(), "child"))
                .workDir(dir)
                .logFile(dir.resolve("child.log"))
                .agentDir(dir)
                .start();
        System.out.println("child-pid=" + child.pid());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
