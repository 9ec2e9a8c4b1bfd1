package tiddly.http;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.servlet.ServletRequest;
import javax.servlet.ServletRequestWrapper;
import spark.Request;
import spark.Response;

/**
 * {@code POST /t} with {@code Content-Type: text/csv} or {@code application/x-ndjson}: the body is
 * imported as it arrives (see {@link Importer}), not held whole, so --max-body limits each record,
 * not the body. The answer is a summary: rows inserted, records rejected with their lines.
 */
final class ImportRoute {
    private final Importer importer;

    ImportRoute(Importer importer) {
        this.importer = importer;
    }

    String handle(Request request, Response response, String table, ImportFormat format) throws IOException {
        // Spark's wrapper would buffer the whole body first; read Jetty's stream instead.
        ServletRequest raw =
                request.raw() instanceof ServletRequestWrapper wrapper ? wrapper.getRequest() : request.raw();
        Reader body = new InputStreamReader(
                raw.getInputStream(),
                StandardCharsets.UTF_8
                        .newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT));
        Importer.Summary summary;
        try {
            summary = importer.load(IdentityFilter.of(request), table, format, body, (inserted, rejected) -> {});
        } catch (CharacterCodingException e) {
            throw HttpException.notUtf8();
        } catch (org.eclipse.jetty.http.BadMessageException e) {
            throw HttpException.bodyTooSlow(e.getCode());
        } catch (IOException clientGone) {
            throw HttpException.incompleteBody(); // the batches before this point stay inserted
        }
        response.status(200);
        return JsonBody.send(response, Envelope.success(data(summary)));
    }

    /** A summary as the answer's data: also an error's, when an import stopped part way. */
    static Map<String, Object> data(Importer.Summary summary) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("inserted", summary.inserted());
        data.put("rejected", summary.rejected());
        List<Object> rejections =
                summary.rejections().stream().map(ImportRoute::rejection).toList();
        data.put("rejections", rejections);
        return data;
    }

    private static Object rejection(Importer.Rejection rejection) {
        Map<String, Object> json = new LinkedHashMap<>(); // in this order, always
        json.put("line", rejection.line());
        json.put("code", rejection.code());
        json.put("error", rejection.error());
        return json;
    }
}
