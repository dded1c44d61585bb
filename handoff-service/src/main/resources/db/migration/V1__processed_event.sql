-- The idempotency record of every consumer: an event id is processed once, in the same transaction as its writes.
CREATE TABLE processed_event (
    event_id     varchar(256) PRIMARY KEY,
    processed_at timestamptz  NOT NULL DEFAULT now()
);
