-- What channels must deliver (inbox.outbound), one row per outbound event, and how far each got. The event id is the
-- row's key: a redelivered record adds nothing. A lane is where a delivery goes (a webhook channel, a bot's callback);
-- each lane is sent on its own, so a slow or failing one never holds up the others.
CREATE TABLE delivery (
    id               bigserial     PRIMARY KEY,
    event_id         varchar(256)  NOT NULL UNIQUE,
    workspace_id     varchar(128)  NOT NULL,
    conversation_id  varchar(128)  NOT NULL,
    message_id       varchar(128),
    kind             varchar(16)   NOT NULL,
    lane             varchar(300)  NOT NULL,
    payload          bytea         NOT NULL,
    source_partition integer       NOT NULL,
    source_offset    bigint        NOT NULL,
    state            varchar(16)   NOT NULL,
    attempts         integer       NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz   NOT NULL,
    lease_until      timestamptz,
    last_status      integer,
    last_error       text,
    created_at       timestamptz   NOT NULL DEFAULT now(),
    updated_at       timestamptz   NOT NULL DEFAULT now()
);

-- the due deliveries of each lane, oldest first: only what is still to send is in the index
CREATE INDEX delivery_due ON delivery (lane, next_attempt_at) WHERE state IN ('pending', 'retrying');
-- one conversation's deliveries of a lane go out in order: a delivery waits for every earlier one still open
CREATE INDEX delivery_open_by_conversation ON delivery (workspace_id, conversation_id, lane, id)
    WHERE state IN ('pending', 'retrying');
-- finished deliveries are kept for a while (what was sent, and when), then deleted oldest first
CREATE INDEX delivery_finished ON delivery (updated_at) WHERE state IN ('delivered', 'failed');

-- Events written in the same transaction as the change they announce (service-support's outbox): each attempt's outcome
-- (inbox.delivery.updated) commits with the delivery's new state.
CREATE TABLE outbox (
    id          bigserial    PRIMARY KEY,
    topic       varchar(256) NOT NULL,
    record_key  varchar(256) NOT NULL,
    payload     bytea        NOT NULL,
    created_at  timestamptz  NOT NULL DEFAULT now()
);
