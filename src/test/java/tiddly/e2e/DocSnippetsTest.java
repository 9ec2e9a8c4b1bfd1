package tiddly.e2e;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docs/extending.md quotes its examples word for word from the code the tests compile and run. */
class DocSnippetsTest {
    private static final Path DOC = Path.of("docs/extending.md");

    @Test
    void eachJavaSnippetOfTheExampleIsInTheDocAsItIs() throws IOException {
        String source = Files.readString(Path.of("src/test/java/tiddly/examples/ExtendingExample.java"));
        Matcher snippets = Pattern.compile("(?ms)^[ \\t]*// snippet:(\\w+)\\n(.*?)^[ \\t]*// end:\\1")
                .matcher(source);
        List<String> found = new ArrayList<>();
        String doc = Files.readString(DOC);
        while (snippets.find()) {
            found.add(snippets.group(1));
            String snippet = dedented(snippets.group(2));
            assertTrue(
                    doc.contains("```java\n" + snippet + "```"),
                    "docs/extending.md lacks snippet " + snippets.group(1));
        }
        assertFalse(found.isEmpty());
    }

    @Test
    void theSqlFunctionAndTheConfigAreInTheDocAsTheTestsRunThem() throws IOException {
        String doc = Files.readString(DOC);
        String sql = Files.readString(Path.of("src/test/resources/examples/extending.postgres.sql"));
        assertTrue(doc.contains("```sql\n" + sql + "```"), "docs/extending.md lacks the SQL function");
        String procedure = Files.readString(Path.of("src/test/resources/examples/extending.mariadb.sql"));
        assertTrue(doc.contains("```sql\n" + procedure + "```"), "docs/extending.md lacks the MariaDB procedure");
        String rpcTest = Files.readString(Path.of("src/test/java/tiddly/e2e/RpcTest.java"));
        Matcher config = Pattern.compile("(?s)QUERIES = \"\"\"\\n(.*?)\"\"\";").matcher(rpcTest);
        assertTrue(config.find());
        assertTrue(doc.contains("```json\n" + dedented(config.group(1)) + "```"), "docs/extending.md lacks the config");
    }

    /** The lines without the indentation they all share. */
    private static String dedented(String text) {
        List<String> lines = text.lines().toList();
        int indent = lines.stream()
                .filter(line -> !line.isBlank())
                .mapToInt(line -> line.length() - line.stripLeading().length())
                .min()
                .orElse(0);
        StringBuilder out = new StringBuilder();
        for (String line : lines) {
            out.append(line.isBlank() ? "" : line.substring(indent)).append('\n');
        }
        return out.toString();
    }
}
