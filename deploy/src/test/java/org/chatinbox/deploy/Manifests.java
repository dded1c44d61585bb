package org.chatinbox.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * The manifests of one kustomization, parsed with the Kubernetes model as the API server reads them: typed for the built-in
 * kinds, generic (a map) for the operators' custom resources.
 */
record Manifests(Path dir, List<HasMetadata> resources) {

    /** Every resource the kustomization in {@code dir} lists under {@code resources:}, file by file (not a directory). */
    static Manifests of(Path dir) {
        List<HasMetadata> resources = new ArrayList<>();
        for (String file : kustomization(dir).<List<String>>get("resources")) {
            Path path = dir.resolve(file);
            if (Files.isRegularFile(path)) {
                resources.addAll(parse(path));
            }
        }
        return new Manifests(dir, List.copyOf(resources));
    }

    static GenericKubernetesResource kustomization(Path dir) {
        return (GenericKubernetesResource) parse(dir.resolve("kustomization.yaml")).get(0);
    }

    /** Every YAML document of a file. */
    @SuppressWarnings("unchecked")
    static List<HasMetadata> parse(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            // a file of several documents comes back as a list
            Object parsed = Serialization.unmarshal(in);
            if (parsed instanceof List<?> list) {
                return (List<HasMetadata>) list;
            }
            return List.of((HasMetadata) parsed);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every YAML file under a directory. */
    static List<Path> files(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return resources.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** The custom resources of a kind. */
    List<GenericKubernetesResource> all(String kind) {
        return resources.stream().filter(r -> r.getKind().equals(kind)).map(GenericKubernetesResource.class::cast).toList();
    }

    <T extends HasMetadata> Optional<T> named(Class<T> type, String name) {
        return all(type).stream().filter(r -> r.getMetadata().getName().equals(name)).findFirst();
    }

    Optional<GenericKubernetesResource> named(String kind, String name) {
        return all(kind).stream().filter(r -> r.getMetadata().getName().equals(name)).findFirst();
    }
}
