package org.chatinbox.problem;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Parameter;
import java.util.Comparator;
import java.util.List;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

/**
 * Every error answer of every service as RFC 9457 problem+json: our own refusals, bean validation of request bodies and
 * parameters, the framework's own 404/405/406/415, and anything unexpected (a 500 that never leaks internals).
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        return e.toResponse(uri.getPath());
    }

    @ServerExceptionMapper
    public Response invalid(ConstraintViolationException e, UriInfo uri) {
        List<Problem.FieldProblem> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldProblem(field(v), v.getMessage()))
                .sorted(Comparator.comparing(Problem.FieldProblem::field))
                .toList();
        return problem(ProblemException.badRequest("the request has " + errors.size() + " invalid field(s)", errors), uri);
    }

    /** Named here as well: the framework has a mapper of its own for this subclass, which would otherwise answer. */
    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e, UriInfo uri) {
        return unreadable(e, uri);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        if (e.getCause() instanceof JsonProcessingException unreadable) {
            return unreadable(unreadable, uri); // a body the framework could not read
        }
        int status = e.getResponse().getStatus();
        String title = Response.Status.fromStatusCode(status) == null
                ? "Error"
                : Response.Status.fromStatusCode(status).getReasonPhrase();
        return problem(new ProblemException(status, title, e.getMessage()), uri);
    }

    /** A body that is not JSON, or JSON of the wrong shape: named by its field, in the product's words. */
    @ServerExceptionMapper
    public Response unreadable(JsonProcessingException e, UriInfo uri) {
        String field = "body";
        String message;
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            field = jsonPath(mapping);
        }
        if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            message = "must be " + describe(mismatch.getTargetType());
        } else if (e instanceof StreamReadException read) {
            message = "malformed JSON" + (read.getLocation() == null
                    ? ""
                    : " at line " + read.getLocation().getLineNr() + ", column " + read.getLocation().getColumnNr());
            String original = read.getOriginalMessage();
            if (original != null && original.startsWith("Duplicate field")) {
                message = original.replace("Duplicate field", "a name given twice:");
            }
        } else {
            message = "does not have the expected shape";
        }
        return problem(ProblemException.badRequest("the body cannot be read", List.of(new Problem.FieldProblem(field,
                message))), uri);
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e, UriInfo uri) {
        LOG.errorf(e, "unexpected failure on %s", uri.getPath());
        return problem(new ProblemException(500, "Internal Server Error", "an unexpected error occurred; it has been logged"),
                uri);
    }

    private static String jsonPath(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? "body" : path.toString();
    }

    private static String describe(Class<?> type) {
        if (type == String.class || type.isEnum()) {
            return "a string";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive() && type != boolean.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        return "an object";
    }

    /**
     * The parameter or body field a violation is about, named as the client sees it: a query, path or header parameter by its
     * HTTP name, a body field by its path, without the Java method's name.
     */
    static String field(ConstraintViolation<?> violation) {
        StringBuilder field = new StringBuilder();
        Path.MethodNode method = null;
        for (Path.Node node : violation.getPropertyPath()) {
            switch (node.getKind()) {
                case METHOD -> method = node.as(Path.MethodNode.class);
                case CONSTRUCTOR, RETURN_VALUE, CROSS_PARAMETER -> {
                }
                case PARAMETER -> {
                    field.setLength(0);
                    // the entity (the request body) has no HTTP name: its fields are named from its root
                    field.append(httpName(violation.getRootBeanClass(), method, node.as(Path.ParameterNode.class)));
                }
                default -> {
                    // an element of a list or map: its place, as the client wrote it (events[0], labels[2].name)
                    if (node.isInIterable() && !field.isEmpty() && (node.getIndex() != null || node.getKey() != null)) {
                        field.append('[').append(node.getIndex() != null ? node.getIndex() : node.getKey()).append(']');
                    }
                    if (node.getKind() == jakarta.validation.ElementKind.CONTAINER_ELEMENT || node.getName() == null) {
                        continue;
                    }
                    // a field of a @BeanParam is a request parameter of its own, named by its annotation
                    String parameter = violation.getLeafBean() == null
                            ? null
                            : beanParameterName(violation.getLeafBean().getClass(), node.getName());
                    if (parameter != null) {
                        field.setLength(0);
                        field.append(parameter);
                    } else {
                        if (!field.isEmpty()) {
                            field.append('.');
                        }
                        field.append(node.getName());
                    }
                }
            }
        }
        return field.isEmpty() ? "body" : field.toString();
    }

    /**
     * The parameter's query, path or header name, or "" for the entity. The class validated may be a generated subclass whose
     * override carries no annotations, so the declarations up the hierarchy are asked in turn.
     */
    private static String httpName(Class<?> resource, Path.MethodNode method, Path.ParameterNode parameter) {
        if (method == null) {
            return parameter.getName();
        }
        for (Class<?> type = resource; type != null; type = type.getSuperclass()) {
            try {
                Parameter declared = type.getDeclaredMethod(method.getName(),
                        method.getParameterTypes().toArray(Class<?>[]::new)).getParameters()[parameter.getParameterIndex()];
                String name = annotatedName(declared);
                if (name != null) {
                    return name;
                }
            } catch (NoSuchMethodException e) {
                // declared further up
            }
        }
        return "";
    }

    private static String annotatedName(AnnotatedElement element) {
        QueryParam query = element.getAnnotation(QueryParam.class);
        if (query != null) {
            return query.value();
        }
        PathParam path = element.getAnnotation(PathParam.class);
        if (path != null) {
            return path.value();
        }
        HeaderParam header = element.getAnnotation(HeaderParam.class);
        return header == null ? null : header.value();
    }

    private static String beanParameterName(Class<?> bean, String javaName) {
        for (Class<?> type = bean; type != null; type = type.getSuperclass()) {
            try {
                return annotatedName(type.getDeclaredField(javaName));
            } catch (NoSuchFieldException e) {
                // declared further up
            }
        }
        return null;
    }
}
