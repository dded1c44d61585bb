-- Events written in the same transaction as the change they announce; a relay moves them to Kafka, oldest first,
-- and deletes them once Kafka acknowledged. A change is never in the database without its event, nor the reverse.
CREATE TABLE outbox (
    id          bigserial    PRIMARY KEY,
    topic       varchar(256) NOT NULL,
    record_key  varchar(256) NOT NULL,
    payload     bytea        NOT NULL,
    created_at  timestamptz  NOT NULL DEFAULT now()
);
