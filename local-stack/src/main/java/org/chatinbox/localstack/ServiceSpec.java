package org.chatinbox.localstack;

/**
 * A service of the suite as the stack runs it: its module, port, database (or null) and whether it uses Elasticsearch, and the
 * heap it is given. The production manifests (deploy/k8s) use the same ports and give at least that heap.
 */
public record ServiceSpec(String module, int port, String database, boolean elasticsearch, int heapMegabytes) {
}
