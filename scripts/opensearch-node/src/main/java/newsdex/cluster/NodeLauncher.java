package newsdex.cluster;

import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import org.opensearch.analysis.common.CommonAnalysisPlugin;
import org.opensearch.common.settings.Settings;
import org.opensearch.env.Environment;
import org.opensearch.index.reindex.ReindexPlugin;
import org.opensearch.node.InternalSettingsPreparer;
import org.opensearch.node.Node;
import org.opensearch.plugins.Plugin;
import org.opensearch.transport.Netty4Plugin;

/**
 * Starts one OpenSearch node in this JVM, with the Netty transport (for
 * HTTP and for the other nodes), the common analysis plugin (stemmers,
 * ASCII folding) and the reindex module (delete by query) loaded from the
 * classpath, as OpenSearch's own test
 * framework starts its nodes.
 *
 * <p>Arguments are node settings, each as {@code key=value}
 * ({@code path.home=...}, {@code http.port=...}). The node runs until the
 * process is told to stop (SIGTERM), then closes cleanly.
 */
public final class NodeLauncher {
    private static final List<Class<? extends Plugin>> PLUGINS =
            List.of(Netty4Plugin.class, CommonAnalysisPlugin.class, ReindexPlugin.class);

    /** A node with the plugins this launcher loads. */
    private static final class ClasspathNode extends Node {
        ClasspathNode(Environment environment) {
            super(environment, PLUGINS, true);
        }
    }

    private NodeLauncher() {}

    /**
     * With {@code -Dnewsdex.owner.pid=PID}, the node stops when that
     * process is gone: a test run's cluster does not outlive the tests.
     */
    private static void watchOwner() {
        String owner = System.getProperty("newsdex.owner.pid");
        if (owner == null || owner.isEmpty()) {
            return;
        }
        long pid = Long.parseLong(owner);
        Thread watcher = new Thread(() -> {
            while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    return;
                }
            }
            System.exit(0);
        }, "opensearch-node-owner");
        watcher.setDaemon(true);
        watcher.start();
    }

    public static void main(String[] args) throws Exception {
        Settings.Builder settings = Settings.builder();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq <= 0) {
                System.err.println("opensearch-node: expected key=value, got '" + arg + "'");
                System.exit(2);
            }
            settings.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        Settings given = settings.build();
        String home = given.get("path.home");
        if (home == null) {
            System.err.println("opensearch-node: path.home=DIR is required");
            System.exit(2);
        }
        Environment environment = InternalSettingsPreparer.prepareEnvironment(
                given, Collections.emptyMap(), Path.of(home, "config"), () -> given.get("node.name", "node"));
        Node node = new ClasspathNode(environment);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                node.close();
            } catch (Exception e) {
                System.err.println("opensearch-node: closing: " + e);
            }
            stopped.countDown();
        }, "opensearch-node-shutdown"));
        node.start();
        watchOwner();
        System.out.println("opensearch-node: started " + given.get("node.name", "node"));
        stopped.await();
    }
}
