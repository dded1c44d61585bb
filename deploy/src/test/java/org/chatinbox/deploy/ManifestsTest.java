package org.chatinbox.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.chatinbox.localstack.LocalStack;
import org.chatinbox.localstack.ServiceSpec;
import org.chatinbox.localstack.TopicSpec;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

/**
 * The invariants a platform team reviews in deploy/k8s, held against the suite itself: the services' ports, heaps, databases
 * and consumer groups, and the topics as {@code inbox up} creates them.
 */
class ManifestsTest {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final Path K8S = ROOT.resolve("deploy/k8s");
    static final Manifests BASE = Manifests.of(K8S.resolve("base"));
    /** The services whose Kafka lag scales them (KEDA); the others scale on CPU. */
    static final Set<String> LAG_SCALED = Set.of("conversation-service", "search-service", "handoff-service",
            "summary-service");
    /** The heap share of the container's memory the images are given (JAVA_TOOL_OPTIONS in config.yaml). */
    static final double HEAP_SHARE = 0.70;

    @Test
    void everyManifestParsesAndTheBaseListsEveryFileItHolds() {
        for (Path file : Manifests.files(K8S)) {
            assertThat(Manifests.parse(file)).as(file.toString()).isNotEmpty()
                    .allSatisfy(r -> assertThat(r.getKind()).as(file.toString()).isNotBlank());
        }
        List<String> listed = Manifests.kustomization(K8S.resolve("base")).get("resources");
        List<String> held = Manifests.files(K8S.resolve("base")).stream().filter(f -> !f.endsWith("kustomization.yaml"))
                .map(f -> K8S.resolve("base").relativize(f).toString()).toList();
        assertThat(listed).containsExactlyInAnyOrderElementsOf(held);
        for (String overlay : List.of("dev", "prod")) {
            assertThat(Manifests.kustomization(K8S.resolve("overlays").resolve(overlay)).<List<String>>get("resources"))
                    .contains("../../base");
        }
    }

    @Test
    void everyServiceRunsItsImageOnItsPortWithProbesResourcesAndANonRootReadOnlyContainer() {
        for (ServiceSpec spec : LocalStack.services()) {
            String name = spec.module();
            Deployment deployment = BASE.named(Deployment.class, name).orElseThrow(() -> new AssertionError(name));
            PodSpec pod = deployment.getSpec().getTemplate().getSpec();
            Container container = pod.getContainers().get(0);
            assertThat(container.getImage()).as(name).isEqualTo("chat-inbox/" + name);
            assertThat(container.getPorts()).as(name).singleElement()
                    .satisfies(p -> assertThat(p.getContainerPort()).isEqualTo(spec.port()));
            assertThat(env(container).get("QUARKUS_HTTP_PORT")).as(name).isEqualTo(Integer.toString(spec.port()));

            probe(container.getStartupProbe(), "/q/health/started", name);
            probe(container.getReadinessProbe(), "/q/health/ready", name);
            probe(container.getLivenessProbe(), "/q/health/live", name);

            Map<String, Quantity> requests = container.getResources().getRequests();
            assertThat(requests).as(name).containsKeys("cpu", "memory");
            Quantity limit = container.getResources().getLimits().get("memory");
            assertThat(limit).as(name + " memory limit").isNotNull();
            // the heap the local stack found it needs must fit in the share of the limit the JVM takes
            assertThat(Quantity.getAmountInBytes(limit).doubleValue() * HEAP_SHARE).as(name + " heap")
                    .isGreaterThanOrEqualTo(spec.heapMegabytes() * 1024.0 * 1024.0);

            assertThat(pod.getSecurityContext().getRunAsNonRoot()).as(name).isTrue();
            assertThat(pod.getAutomountServiceAccountToken()).as(name).isFalse();
            var security = container.getSecurityContext();
            assertThat(security.getReadOnlyRootFilesystem()).as(name).isTrue();
            assertThat(security.getAllowPrivilegeEscalation()).as(name).isFalse();
            assertThat(security.getCapabilities().getDrop()).as(name).containsExactly("ALL");
            // with a read-only root, /tmp is the one writable place Quarkus needs
            assertThat(container.getVolumeMounts()).as(name).anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/tmp"));

            Service service = BASE.named(Service.class, name).orElseThrow(() -> new AssertionError(name));
            assertThat(service.getSpec().getSelector()).isEqualTo(Map.of("app.kubernetes.io/name", name));
            assertThat(service.getSpec().getPorts()).singleElement()
                    .satisfies(p -> assertThat(p.getPort()).isEqualTo(spec.port()));
            assertThat(BASE.named(PodDisruptionBudget.class, name)).as(name + " disruption budget").isPresent();
            assertThat(BASE.named("ServiceMonitor", name)).as(name + " service monitor").isPresent();
        }
    }

    @Test
    void theImagesTheBuildMakesAreTheOnesTheManifestsRunAsTheirUser() throws IOException {
        String pom = Files.readString(ROOT.resolve("pom.xml"));
        String group = between(pom, "<quarkus.container-image.group>", "</quarkus.container-image.group>");
        long user = Long.parseLong(between(pom, "<quarkus.jib.user>", "</quarkus.jib.user>"));
        for (ServiceSpec spec : LocalStack.services()) {
            assertThat(Files.readString(ROOT.resolve(spec.module()).resolve("pom.xml"))).as(spec.module())
                    .contains("<artifactId>quarkus-container-image-jib</artifactId>");
            PodSpec pod = BASE.named(Deployment.class, spec.module()).orElseThrow().getSpec().getTemplate().getSpec();
            // Jib names the image <group>/<artifactId>
            assertThat(pod.getContainers().get(0).getImage()).isEqualTo(group + "/" + spec.module());
            assertThat(pod.getSecurityContext().getRunAsUser()).as(spec.module()).isEqualTo(user);
        }
    }

    private static String between(String text, String start, String end) {
        int from = text.indexOf(start);
        assertThat(from).as(start).isNotNegative();
        return text.substring(from + start.length(), text.indexOf(end, from)).trim();
    }

    @Test
    void eachServiceUsesItsOwnDatabaseAndOnlySearchUsesElasticsearch() {
        GenericKubernetesResource cluster = BASE.named("Cluster", "inbox-postgres").orElseThrow();
        List<Map<String, Object>> roles = cluster.get("spec", "managed", "roles");
        for (ServiceSpec spec : LocalStack.services()) {
            Map<String, String> env = env(BASE.named(Deployment.class, spec.module()).orElseThrow().getSpec().getTemplate()
                    .getSpec().getContainers().get(0));
            if (spec.database() == null) {
                assertThat(env).as(spec.module()).doesNotContainKey("QUARKUS_DATASOURCE_JDBC_URL");
            } else {
                assertThat(env.get("QUARKUS_DATASOURCE_JDBC_URL")).as(spec.module())
                        .isEqualTo("jdbc:postgresql://inbox-postgres-rw:5432/" + spec.database());
                assertThat(BASE.all("Database")).as(spec.module()).anySatisfy(db -> {
                    assertThat(db.<String>get("spec", "name")).isEqualTo(spec.database());
                    assertThat(db.<String>get("spec", "owner")).isEqualTo(spec.database());
                });
                assertThat(roles).extracting(r -> r.get("name")).as(spec.module()).contains(spec.database());
            }
            assertThat(env.containsKey("QUARKUS_ELASTICSEARCH_HOSTS")).as(spec.module()).isEqualTo(spec.elasticsearch());
        }
    }

    @Test
    void noSecretValueIsCommitted() {
        assertThat(BASE.all(Secret.class)).isEmpty();
        for (Path file : Manifests.files(K8S)) {
            for (HasMetadata resource : Manifests.parse(file)) {
                assertThat(resource.getKind()).as(file.toString()).isNotEqualTo("Secret");
            }
        }
        Pattern secretName = Pattern.compile(".*(PASSWORD|TOKEN|SECRET|JAAS|_KEY$|API_KEY).*");
        for (Deployment deployment : BASE.all(Deployment.class)) {
            for (EnvVar var : deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv()) {
                if (secretName.matcher(var.getName()).matches()) {
                    assertThat(var.getValue()).as(deployment.getMetadata().getName() + " " + var.getName()).isNull();
                    assertThat(var.getValueFrom().getSecretKeyRef()).as(var.getName()).isNotNull();
                }
            }
        }
        for (ConfigMap config : BASE.all(ConfigMap.class)) {
            assertThat(config.getData().keySet()).noneMatch(k -> secretName.matcher(k).matches());
        }
    }

    @Test
    void onlyTheGatewayIsReachableFromOutsideTheServicesOnlyFromTheGatewayAndTheStoresOnlyFromTheirOwners() {
        assertThat(BASE.named(NetworkPolicy.class, "default-deny-ingress").orElseThrow().getSpec().getIngress())
                .isNullOrEmpty();
        for (ServiceSpec spec : LocalStack.services()) {
            NetworkPolicy policy = BASE.named(NetworkPolicy.class, spec.module()).orElseThrow(() -> new AssertionError(spec));
            assertThat(policy.getSpec().getPodSelector().getMatchLabels())
                    .isEqualTo(Map.of("app.kubernetes.io/name", spec.module()));
            List<NetworkPolicyPeer> peers = policy.getSpec().getIngress().stream().flatMap(r -> r.getFrom().stream()).toList();
            if (spec.module().equals("gateway")) {
                assertThat(peers).anySatisfy(p -> assertThat(p.getNamespaceSelector().getMatchLabels())
                        .containsEntry("kubernetes.io/metadata.name", "ingress-nginx"));
            } else {
                // pods of the namespace: the gateway only (other namespaces: the monitoring one, for metrics)
                assertThat(peers.stream().filter(p -> p.getPodSelector() != null))
                        .allSatisfy(p -> assertThat(p.getPodSelector().getMatchLabels())
                                .isEqualTo(Map.of("app.kubernetes.io/name", "gateway")));
                assertThat(peers).allSatisfy(p -> assertThat(p.getNamespaceSelector() == null
                        || "monitoring".equals(p.getNamespaceSelector().getMatchLabels().get("kubernetes.io/metadata.name")))
                        .isTrue());
            }
        }
        Set<String> databaseOwners = LocalStack.services().stream().filter(s -> s.database() != null).map(ServiceSpec::module)
                .collect(Collectors.toSet());
        NetworkPolicy postgres = BASE.named(NetworkPolicy.class, "postgres").orElseThrow();
        assertThat(postgres.getSpec().getIngress().get(0).getFrom()).anySatisfy(p -> assertThat(
                Set.copyOf(p.getPodSelector().getMatchExpressions().get(0).getValues())).isEqualTo(databaseOwners));
        NetworkPolicy elasticsearch = BASE.named(NetworkPolicy.class, "elasticsearch").orElseThrow();
        assertThat(elasticsearch.getSpec().getIngress().get(0).getFrom()).filteredOn(p -> p.getPodSelector() != null)
                .extracting(p -> p.getPodSelector().getMatchLabels())
                .contains(Map.of("app.kubernetes.io/name", "search-service"))
                .allSatisfy(labels -> assertThat(labels.keySet()).containsAnyOf("app.kubernetes.io/name",
                        "elasticsearch.k8s.elastic.co/cluster-name"));

        Ingress ingress = BASE.named(Ingress.class, "gateway").orElseThrow();
        assertThat(ingress.getSpec().getRules()).flatExtracting(r -> r.getHttp().getPaths())
                .allSatisfy(p -> assertThat(p.getBackend().getService().getName()).isEqualTo("gateway"));
        // the live stream is a response that never ends: no buffering, and no proxy timeout within the hour
        assertThat(ingress.getMetadata().getAnnotations()).containsEntry("nginx.ingress.kubernetes.io/proxy-buffering", "off");
        assertThat(
                Integer.parseInt(ingress.getMetadata().getAnnotations().get("nginx.ingress.kubernetes.io/proxy-read-timeout")))
                .isGreaterThanOrEqualTo(3600);
    }

    @Test
    void theApiServicesScaleOnCpuAndTheConsumersOnTheirLagCappedAtThePartitions() {
        Map<String, Integer> partitions = LocalStack.topics().stream()
                .collect(Collectors.toMap(TopicSpec::name, TopicSpec::partitions));
        for (ServiceSpec spec : LocalStack.services()) {
            String name = spec.module();
            if (!LAG_SCALED.contains(name)) {
                HorizontalPodAutoscaler hpa = BASE.named(HorizontalPodAutoscaler.class, name)
                        .orElseThrow(() -> new AssertionError(name + " autoscaler"));
                assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo(name);
                assertThat(hpa.getSpec().getMetrics()).anySatisfy(m -> assertThat(m.getResource().getName()).isEqualTo("cpu"));
                assertThat(hpa.getSpec().getMinReplicas()).isGreaterThanOrEqualTo(2);
                continue;
            }
            assertThat(BASE.named(HorizontalPodAutoscaler.class, name)).as(name + ": KEDA owns its autoscaler").isEmpty();
            GenericKubernetesResource scaled = BASE.named("ScaledObject", name).orElseThrow(() -> new AssertionError(name));
            assertThat(scaled.<String>get("spec", "scaleTargetRef", "name")).isEqualTo(name);
            List<Map<String, Object>> triggers = scaled.get("spec", "triggers");
            Map<String, String> groups = consumerGroups(name);
            List<Map<String, Object>> lag = triggers.stream().filter(t -> "kafka".equals(t.get("type"))).toList();
            assertThat(lag).as(name).isNotEmpty();
            for (Map<String, Object> trigger : lag) {
                @SuppressWarnings("unchecked")
                Map<String, String> metadata = (Map<String, String>) trigger.get("metadata");
                // the group and topic the service really consumes, as its configuration names them
                assertThat(groups).as(name).containsEntry(metadata.get("consumerGroup"), metadata.get("topic"));
                assertThat(scaled.<Integer>get("spec", "maxReplicaCount")).as(name)
                        .isLessThanOrEqualTo(partitions.get(metadata.get("topic")));
            }
            if (name.equals("search-service")) {
                assertThat(triggers).as("search follows its query load too")
                        .anySatisfy(t -> assertThat(t.get("type")).isEqualTo("cpu"));
            }
        }
    }

    @Test
    void everyTopicOfTheLocalStackIsDeclaredWithItsPartitionsAndRetention() {
        Map<String, GenericKubernetesResource> declared = BASE.all("KafkaTopic").stream()
                .collect(Collectors.toMap(t -> t.<String>get("spec", "topicName"), t -> t));
        assertThat(declared.keySet()).containsExactlyInAnyOrderElementsOf(
                LocalStack.topics().stream().map(TopicSpec::name).toList());
        for (TopicSpec topic : LocalStack.topics()) {
            GenericKubernetesResource resource = declared.get(topic.name());
            assertThat(resource.<Integer>get("spec", "partitions")).as(topic.name()).isEqualTo(topic.partitions());
            assertThat(resource.<String>get("spec", "config", "retention.ms")).as(topic.name())
                    .isEqualTo(Long.toString(topic.retentionMs()));
        }
    }

    @Test
    void eachServiceHasAKafkaUserAllowedToReadWhatItConsumes() {
        for (ServiceSpec spec : LocalStack.services()) {
            GenericKubernetesResource user = BASE.named("KafkaUser", spec.module())
                    .orElseThrow(() -> new AssertionError(spec.module()));
            List<Map<String, Object>> acls = user.get("spec", "authorization", "acls");
            for (String topic : Set.copyOf(consumerGroups(spec.module()).values())) {
                assertThat(acls).as(spec.module() + " reads " + topic).anySatisfy(acl -> {
                    assertThat(acl.get("resource")).isEqualTo(Map.of("type", "topic", "name", topic));
                    assertThat(acl.get("operations")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
                            .contains("Read");
                });
            }
            Map<String, String> env = env(BASE.named(Deployment.class, spec.module()).orElseThrow().getSpec().getTemplate()
                    .getSpec().getContainers().get(0));
            assertThat(env).as(spec.module()).containsKey("KAFKA_SASL_JAAS_CONFIG");
        }
    }

    @Test
    void composeRunsTheSameImagesPortsDatabasesAndTopicsWithOnlyVariablesTheServicesRead() throws IOException {
        JsonNode compose = new YAMLMapper().readTree(ROOT.resolve("deploy/compose/compose.yaml").toFile());
        Set<String> configured = new java.util.HashSet<>(BASE.all(ConfigMap.class).get(0).getData().keySet());
        configured.add("QUARKUS_PROFILE");
        for (ServiceSpec spec : LocalStack.services()) {
            JsonNode service = compose.path("services").path(spec.module());
            assertThat(service.path("image").asText()).as(spec.module()).startsWith("chat-inbox/" + spec.module() + ":");
            Map<String, String> env = new HashMap<>();
            service.path("environment").properties().forEach(e -> env.put(e.getKey(), e.getValue().asText()));
            assertThat(env.get("QUARKUS_HTTP_PORT")).as(spec.module()).isEqualTo(Integer.toString(spec.port()));
            assertThat(env.get("QUARKUS_DATASOURCE_JDBC_URL")).as(spec.module())
                    .isEqualTo(spec.database() == null ? null : "jdbc:postgresql://postgres:5432/" + spec.database());
            assertThat(env.containsKey("QUARKUS_ELASTICSEARCH_HOSTS")).as(spec.module()).isEqualTo(spec.elasticsearch());
            // each one a variable the Kubernetes manifests give the same service (or their shared ConfigMap)
            Set<String> known = new java.util.HashSet<>(configured);
            known.addAll(env(BASE.named(Deployment.class, spec.module()).orElseThrow().getSpec().getTemplate().getSpec()
                    .getContainers().get(0)).keySet());
            assertThat(env.keySet()).as(spec.module()).isSubsetOf(known);
        }
        Matcher topic = Pattern.compile("^\\s*topic (\\S+) (\\d+) (-?\\d+)$", Pattern.MULTILINE)
                .matcher(compose.path("services").path("kafka-topics").path("command").get(0).asText());
        List<TopicSpec> created = new java.util.ArrayList<>();
        while (topic.find()) {
            created.add(new TopicSpec(topic.group(1), Integer.parseInt(topic.group(2)), Long.parseLong(topic.group(3))));
        }
        assertThat(created).containsExactlyInAnyOrderElementsOf(LocalStack.topics());
        String databases = Files.readString(ROOT.resolve("deploy/compose/postgres-init.sql"));
        LocalStack.services().stream().filter(s -> s.database() != null)
                .forEach(s -> assertThat(databases).contains("CREATE DATABASE " + s.database() + ";"));
    }

    private static void probe(Probe probe, String path, String service) {
        assertThat(probe).as(service + " " + path).isNotNull();
        assertThat(probe.getHttpGet().getPath()).as(service).isEqualTo(path);
        assertThat(probe.getHttpGet().getPort().getStrVal()).as(service).isEqualTo("http");
    }

    /** A container's literal variables (those from a Secret map to null). */
    private static Map<String, String> env(Container container) {
        Map<String, String> env = new HashMap<>();
        container.getEnv().forEach(v -> env.put(v.getName(), v.getValue()));
        return env;
    }

    private static final Pattern INCOMING = Pattern
            .compile("^mp\\.messaging\\.incoming\\.([a-z-]+)\\.(topic|group\\.id)=(.+)$", Pattern.MULTILINE);

    /** The service's consumer groups (production profile) and the topic each reads, from its application.properties. */
    static Map<String, String> consumerGroups(String module) {
        String properties;
        try {
            properties = Files.readString(ROOT.resolve(module).resolve("src/main/resources/application.properties"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> topics = new HashMap<>();
        Map<String, String> groups = new HashMap<>();
        Matcher matcher = INCOMING.matcher(properties);
        while (matcher.find()) {
            String value = matcher.group(3).trim().replace("${inbox.index.version:1}", "1");
            (matcher.group(2).equals("topic") ? topics : groups).put(matcher.group(1), value);
        }
        Map<String, String> topicOfGroup = new HashMap<>();
        // a channel without a group of its own takes the connector's (the gateway's per-replica group)
        topics.forEach((channel, topic) -> topicOfGroup.put(groups.getOrDefault(channel, channel), topic));
        return topicOfGroup;
    }
}
