package org.chatinbox.problem;

import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The refusals made before a resource runs, as problem+json like every other: a request target or headers too large, a body
 * over its route's limit (from {@code Content-Length}, before a byte of it is read), and whatever the router itself fails with
 * a bare status (a path that cannot be decoded, for one). Without it Vert.x and Quarkus answer these with an empty body.
 */
@ApplicationScoped
public class HttpRefusals {

    private static final Logger LOG = Logger.getLogger(HttpRefusals.class);

    private final HttpLimitsConfig limits;

    public HttpRefusals(HttpLimitsConfig limits) {
        this.limits = limits;
    }

    void install(@Observes Router router) {
        // before Quarkus' own upload limit, which would answer 413 with no body
        router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1).handler(this::check);
        router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1).failureHandler(this::failed);
        // a request whose path cannot be decoded matches no route, so no failure handler: the router's error handler answers
        for (int status : new int[]{400, 404, 405, 413, 414, 431, 500}) {
            router.errorHandler(status, this::failed);
        }
    }

    private void check(RoutingContext context) {
        String uri = context.request().uri();
        if (uri.length() > limits.maxUriLength()) {
            refuse(context, 414, "URI Too Long", "the request target is " + uri.length() + " bytes; at most "
                    + limits.maxUriLength() + " are allowed", null);
            return;
        }
        int headerBytes = headerBytes(context.request().headers());
        if (headerBytes > limits.maxHeaderBytes()) {
            refuse(context, 431, "Request Header Fields Too Large", "the request headers take " + headerBytes
                    + " bytes; at most " + limits.maxHeaderBytes() + " are allowed", null);
            return;
        }
        String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            long cap = bodyLimit(context.request().path());
            long declared;
            try {
                declared = Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                declared = -1;
            }
            if (declared < 0) {
                refuse(context, 400, "Bad Request", "the Content-Length header is not a number of bytes",
                        List.of(new Problem.FieldProblem("Content-Length", "must be a whole number of bytes")));
                return;
            }
            if (declared > cap) {
                refuse(context, 413, "Content Too Large", "the body is " + declared + " bytes; at most " + cap
                        + " are allowed here", null);
                return;
            }
        }
        context.next();
    }

    /**
     * A status or failure the router ended the request with, outside any resource (whose failures {@link ProblemMappers}
     * answers): a path that cannot be decoded, a method no route takes, a body over Quarkus' own limit.
     */
    private void failed(RoutingContext context) {
        if (context.response().headWritten()) {
            context.next();
            return;
        }
        int status = context.statusCode() < 400 ? 500 : context.statusCode();
        if (status >= 500) {
            LOG.errorf(context.failure(), "unexpected failure on %s", context.request().path());
        }
        String detail = switch (status) {
            case 400 -> "the request cannot be read: check its path, query and headers (percent-encoding, characters)";
            case 404 -> "nothing is served at this path";
            case 405 -> context.request().method() + " is not allowed here";
            case 413 -> "the body is larger than this route takes";
            default -> status >= 500 ? "an unexpected error occurred; it has been logged" : "the request was refused";
        };
        refuse(context, status, HttpResponseStatus.valueOf(status).reasonPhrase(), detail, null);
    }

    private long bodyLimit(String path) {
        long cap = limits.maxBodyBytes();
        if (path == null) {
            return cap;
        }
        for (Map.Entry<String, Long> limit : limits.bodyLimits().entrySet()) {
            if (path.startsWith(limit.getKey())) {
                cap = Math.max(cap, limit.getValue());
            }
        }
        return cap;
    }

    private static int headerBytes(MultiMap headers) {
        int bytes = 0;
        for (Map.Entry<String, String> header : headers) {
            bytes += header.getKey().length() + header.getValue().length() + 4; // ": " and CRLF
        }
        return bytes;
    }

    private static void refuse(RoutingContext context, int status, String title, String detail,
            List<Problem.FieldProblem> errors) {
        String path = context.request().path();
        String body = Json.encode(new Problem(null, title, status, detail, path == null ? null : safePath(path), errors));
        HttpServerResponse response = context.response();
        response.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE);
        if (status == 413 || status == 414 || status == 431) {
            // the rest of the request is not read: the connection cannot be reused
            response.putHeader(HttpHeaders.CONNECTION, "close");
        }
        response.end(body);
    }

    /** The path as the problem's {@code instance}, cut short: it may be what was too long. */
    private static String safePath(String path) {
        return path.length() > 256 ? path.substring(0, 256) + "..." : path;
    }
}
