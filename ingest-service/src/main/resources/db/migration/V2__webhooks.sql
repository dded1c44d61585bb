-- Integration webhooks: a workspace's subscriptions to the events the API announces. The secret signs every call, so it
-- is kept encrypted (AES-GCM with the service's key), never in clear.
CREATE TABLE webhook (
    id               varchar(64)    PRIMARY KEY,
    workspace_id     varchar(128)   NOT NULL,
    url              varchar(2048)  NOT NULL,
    events           varchar(32)[]  NOT NULL,
    secret           bytea          NOT NULL,
    enabled          boolean        NOT NULL DEFAULT true,
    disabled_reason  text,
    failing_since    timestamptz,
    created_by       varchar(128),
    created_at       timestamptz    NOT NULL DEFAULT now()
);
CREATE INDEX webhook_by_workspace ON webhook (workspace_id, created_at, id);

-- one event goes to every subscription that wants it: a delivery is an event on a lane
ALTER TABLE delivery DROP CONSTRAINT delivery_event_id_key;
CREATE UNIQUE INDEX delivery_event_lane ON delivery (event_id, lane);
ALTER TABLE delivery ADD COLUMN event_type varchar(64);

-- every call made to a webhook, newest first per webhook: what the deliveries list shows
CREATE TABLE webhook_attempt (
    id               bigserial    PRIMARY KEY,
    webhook_id       varchar(64)  NOT NULL REFERENCES webhook (id) ON DELETE CASCADE,
    delivery_id      bigint       NOT NULL,
    event_id         varchar(256) NOT NULL,
    event_type       varchar(64)  NOT NULL,
    attempt          integer      NOT NULL,
    attempted_at     timestamptz  NOT NULL,
    status           integer,
    latency_ms       integer      NOT NULL,
    outcome          varchar(16)  NOT NULL,
    next_attempt_at  timestamptz,
    error            text
);
CREATE INDEX webhook_attempt_by_webhook ON webhook_attempt (webhook_id, id DESC);
CREATE INDEX webhook_attempt_by_time ON webhook_attempt (attempted_at);
