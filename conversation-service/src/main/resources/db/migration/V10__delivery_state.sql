-- How far each agent reply got on its visitor's channel (inbox.delivery), the latest attempt winning. Kept beside the message
-- rather than in it: the topics are read side by side, so an outcome may be applied before its message is stored.
CREATE TABLE message_delivery (
    workspace_id    varchar(128) NOT NULL,
    conversation_id varchar(128) NOT NULL,
    message_id      varchar(128) NOT NULL,
    state           varchar(16)  NOT NULL,
    attempt         integer      NOT NULL,
    PRIMARY KEY (workspace_id, conversation_id, message_id)
);

ALTER TABLE message DROP COLUMN delivery_state;
