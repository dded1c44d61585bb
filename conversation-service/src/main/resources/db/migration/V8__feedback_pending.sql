-- A rating applied before its message is stored (batches apply concurrently) waits here; the batch that stores the message
-- applies it and deletes the row. Usually empty.
CREATE TABLE feedback_pending (
    workspace_id    varchar(128) NOT NULL,
    conversation_id varchar(128) NOT NULL,
    message_id      varchar(128) NOT NULL,
    rating          varchar(16)  NOT NULL,
    rated_at        timestamptz  NOT NULL,
    PRIMARY KEY (workspace_id, conversation_id, message_id)
);
