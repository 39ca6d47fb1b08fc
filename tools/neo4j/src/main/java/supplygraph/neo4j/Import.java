package supplygraph.neo4j;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.neo4j.cli.ExecutionContext;
import org.neo4j.importer.ImportCommand;
import picocli.CommandLine;

/**
 * Runs Neo4j's offline importer ({@code neo4j-admin database import full})
 * into the store of a stopped Launcher instance.
 *
 * <p>Usage: {@code Import --data-dir DIR ARGS...}, where ARGS are the
 * importer's own options (an {@code @file} argument reads them from a file).
 * DIR is the Launcher's data directory (its DBMS home). Exits with the
 * importer's status.
 */
public final class Import {
    private Import() {}

    public static void main(String[] args) {
        if (args.length < 2 || !args[0].equals("--data-dir")) {
            System.err.println("usage: Import --data-dir DIR IMPORTER-ARGS...");
            System.exit(2);
        }
        Path home = Path.of(args[1]).toAbsolutePath();
        Path conf = home.resolve("conf");
        try {
            Files.createDirectories(conf);
        } catch (Exception e) {
            System.err.println("import: " + e.getMessage());
            System.exit(1);
        }
        String[] rest = Arrays.copyOfRange(args, 2, args.length);
        CommandLine cmd = new CommandLine(new ImportCommand.Full(new ExecutionContext(home, conf)));
        System.exit(cmd.execute(rest));
    }
}
