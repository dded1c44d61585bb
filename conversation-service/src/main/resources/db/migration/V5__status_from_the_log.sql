-- Status and labels are applied from inbox.conversations like the state other services own, so that a rebuild replays them
-- from that topic. A change may be replayed before the conversation's first message: it waits here, as the rest does.
ALTER TABLE conversation_state
    ADD COLUMN status        varchar(16),
    ADD COLUMN snoozed_until timestamptz,
    ADD COLUMN labels        text[],
    -- when the bot last asked for a human: needsHuman while newer than the last handoff change and the bot still holds it
    ADD COLUMN human_requested_at timestamptz;

INSERT INTO conversation_state AS s (workspace_id, conversation_id, status, snoozed_until, labels)
SELECT workspace_id, id, status, snoozed_until, labels FROM conversation WHERE status <> 'open' OR labels <> '{}'
ON CONFLICT (workspace_id, conversation_id) DO UPDATE
    SET status = excluded.status, snoozed_until = excluded.snoozed_until, labels = excluded.labels;

-- A visitor message reopens a resolved or snoozed conversation when it is consumed live. When the read model is rebuilt, the
-- reopenings are already on inbox.conversations: messages below the end offsets seen when this (empty) read model first
-- consumed are replayed history and reopen nothing. An existing read model has no history to replay: partition -1 marks it.
CREATE TABLE replay_boundary (
    topic      varchar(256) NOT NULL,
    partition  integer      NOT NULL,
    end_offset bigint       NOT NULL,
    PRIMARY KEY (topic, partition)
);
INSERT INTO replay_boundary (topic, partition, end_offset)
SELECT 'inbox.messages', -1, 0 WHERE EXISTS (SELECT 1 FROM processed_event);
