package org.chatinbox.localstack;

/**
 * A topic of the suite as the stack creates it: its partitions, and how long it keeps records (-1: for ever). The production
 * manifests (deploy/k8s) declare the same, and a test holds them together.
 */
public record TopicSpec(String name, int partitions, long retentionMs) {
}
