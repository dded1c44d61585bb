package org.chatinbox.localstack;

/**
 * Where the servers of a running stack answer: what a service or a test needs to reach them.
 *
 * @param kafkaBootstrapServers
 *            {@code host:port} of the broker
 * @param postgresHost
 *            {@code host:port} of PostgreSQL
 * @param postgresUser
 *            the role services log in as
 * @param postgresPassword
 *            its password (local stacks only)
 * @param elasticsearchHosts
 *            {@code host:port} of Elasticsearch
 */
public record Infrastructure(String kafkaBootstrapServers, String postgresHost, String postgresUser,
        String postgresPassword, String elasticsearchHosts) {

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + postgresHost + "/" + database;
    }

    public String elasticsearchUrl() {
        return "http://" + elasticsearchHosts;
    }
}
