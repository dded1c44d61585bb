-- What handoff-service and summary-service own, as they announce it. Their topics are consumed independently of
-- inbox.messages, so a change may arrive before the conversation's first message: it is kept here, keyed by
-- conversation, and copied onto the conversation row (whose indexes serve the list) whenever either side changes.
CREATE TABLE conversation_state (
    workspace_id    varchar(128) NOT NULL,
    conversation_id varchar(128) NOT NULL,
    mode            varchar(8),
    holder          varchar(128),
    needs_human     boolean,
    handoff_at      timestamptz,
    assignee        varchar(128),
    assignment_at   timestamptz,
    summary         jsonb,
    summary_at      timestamptz,
    PRIMARY KEY (workspace_id, conversation_id)
);

ALTER TABLE conversation ADD COLUMN summary jsonb;
