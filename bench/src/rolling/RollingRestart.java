import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A rolling restart behind two instances under write load (docs/operations.md):
 * java -cp target/tiddly.jar bench/src/rolling/RollingRestart.java target/tiddly.jar [SECONDS] [CLIENTS]
 * Two Tiddly processes serve one SQLite file; CLIENTS threads insert rows through them in turn, as a
 * load balancer would, each on a new connection, moving on to the other instance when a connection
 * is refused. At a third of the run instance 1 gets SIGTERM and a new one starts in its place; at
 * two thirds instance 2. Prints every outcome, then checks that every acknowledged row is there.
 */
public class RollingRestart {
    private static final Pattern PORT = Pattern.compile("at http://127\\.0\\.0\\.1:(\\d+)");

    public static void main(String[] args) throws Exception {
        String jar = args[0];
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        int clients = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        Path folder = Files.createTempDirectory("rolling");
        Path db = folder.resolve("tiddly.db");
        Files.copy(Path.of("tiddly.db.sample"), db);
        Process[] instances = new Process[2];
        AtomicIntegerArray ports = new AtomicIntegerArray(2);
        for (int i = 0; i < 2; i++) {
            instances[i] = start(jar, folder, ports, i);
        }
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        LongAdder refused = new LongAdder();
        LongAdder served = new LongAdder();
        Map<String, LongAdder> errors = new ConcurrentHashMap<>();
        AtomicBoolean running = new AtomicBoolean(true);
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            Thread thread = new Thread(() -> {
                for (long n = 0; running.get(); n++) {
                    String name = "rolling-" + client + "-" + n;
                    int first = (int) ((n + client) % 2);
                    for (int attempt = 0; attempt < 2; attempt++) {
                        int port = ports.get((first + attempt) % 2);
                        try {
                            String answer = insert(port, name);
                            if (answer.startsWith("HTTP/1.1 201")) {
                                acknowledged.add(name);
                                served.increment();
                            } else {
                                errors.computeIfAbsent(answer.lines().findFirst().orElse("?"), k -> new LongAdder()).increment();
                            }
                            break;
                        } catch (ConnectException e) {
                            refused.increment(); // the balancer moves on to the other instance
                        } catch (IOException e) {
                            errors.computeIfAbsent(e.getClass().getSimpleName() + ": " + e.getMessage(), k -> new LongAdder())
                                    .increment();
                            break;
                        }
                    }
                }
            });
            thread.start();
            threads.add(thread);
        }
        List<String> restarts = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Thread.sleep(seconds * 1000L / 3);
            long stop = System.nanoTime();
            instances[i].toHandle().destroy(); // SIGTERM
            if (!instances[i].waitFor(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("instance " + (i + 1) + " did not stop");
            }
            int status = instances[i].exitValue();
            instances[i] = start(jar, folder, ports, i);
            restarts.add(String.format(
                    "instance %d: exit status %d, back after %d ms", i + 1, status, (System.nanoTime() - stop) / 1_000_000));
        }
        Thread.sleep(seconds * 1000L / 3);
        running.set(false);
        for (Thread thread : threads) {
            thread.join();
        }
        for (Process instance : instances) {
            instance.toHandle().destroy();
            instance.waitFor(60, TimeUnit.SECONDS);
        }
        Set<String> stored = new HashSet<>();
        try (var connection = DriverManager.getConnection("jdbc:sqlite:" + db);
                var statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT name FROM author WHERE name LIKE 'rolling-%'")) {
            while (rows.next()) {
                stored.add(rows.getString(1));
            }
        }
        Set<String> missing = new HashSet<>(acknowledged);
        missing.removeAll(stored);
        restarts.forEach(System.out::println);
        System.out.printf(
                "%d s, %d clients: %d writes acknowledged (%.0f/s), %d connections refused (each retried on the other"
                        + " instance), %d other errors %s; %d acknowledged rows missing, %d rows stored%n",
                seconds, clients, served.sum(), served.sum() / (double) seconds, refused.sum(),
                errors.values().stream().mapToLong(LongAdder::sum).sum(), errors, missing.size(), stored.size());
    }

    private static Process start(String jar, Path folder, AtomicIntegerArray ports, int index) throws IOException {
        Process process = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-jar", Path.of(jar).toAbsolutePath().toString(), "--port", "0", "--shutdown-grace", "10")
                .directory(folder.toFile())
                .redirectErrorStream(true)
                .start();
        BufferedReader log = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        for (String line = log.readLine(); line != null; line = log.readLine()) {
            Matcher port = PORT.matcher(line);
            if (port.find()) {
                ports.set(index, Integer.parseInt(port.group(1)));
                Thread drain = new Thread(() -> {
                    try {
                        while (log.readLine() != null) {
                            // keep the pipe flowing
                        }
                    } catch (IOException gone) {
                        // the process ended
                    }
                });
                drain.setDaemon(true);
                drain.start();
                return process;
            }
        }
        throw new IllegalStateException("an instance did not start");
    }

    /** POST /author on a connection of its own; the status line and body. */
    private static String insert(int port, String name) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
            socket.setSoTimeout(30_000);
            byte[] body = ("{\"name\": \"" + name + "\"}").getBytes(StandardCharsets.UTF_8);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /author HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\n"
                            + "Content-Length: " + body.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            InputStream in = socket.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            if (answer.isEmpty()) {
                throw new IOException("the connection closed without an answer");
            }
            return answer;
        }
    }
}
