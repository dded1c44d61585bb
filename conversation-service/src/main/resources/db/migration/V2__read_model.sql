-- The inbox read model. Every list and page is a keyset walk of one of these indexes, scoped by workspace first.

CREATE TABLE conversation (
    workspace_id       varchar(128) NOT NULL,
    id                 varchar(128) NOT NULL,
    bot_id             varchar(128) NOT NULL,
    channel            varchar(64)  NOT NULL,
    visitor_id         varchar(128),
    visitor_name       varchar(256),
    status             varchar(16)  NOT NULL DEFAULT 'open',
    snoozed_until      timestamptz,
    mode               varchar(8)   NOT NULL DEFAULT 'BOT',
    holder             varchar(128),
    assignee           varchar(128),
    needs_human        boolean      NOT NULL DEFAULT false,
    labels             text[]       NOT NULL DEFAULT '{}',
    message_count      integer      NOT NULL DEFAULT 0,
    started_at         timestamptz  NOT NULL,
    last_message_at    timestamptz  NOT NULL,
    last_message_id    varchar(128) NOT NULL,
    last_message_role  varchar(16)  NOT NULL,
    last_message_text  varchar(512) NOT NULL,
    session_at         timestamptz,
    session_ip         varchar(64),
    session_user_agent varchar(2048),
    session_city       varchar(256),
    session_country    varchar(64),
    session_locale     varchar(64),
    session_page_url   varchar(4096),
    session_device     varchar(32),
    session_browser    varchar(128),
    session_os         varchar(128),
    feedback_helpful   integer      NOT NULL DEFAULT 0,
    feedback_unhelpful integer      NOT NULL DEFAULT 0,
    PRIMARY KEY (workspace_id, id)
);

-- the list, newest first, and its most selective filters; channel and mode are filtered along the way
CREATE INDEX conversation_by_last_message ON conversation (workspace_id, last_message_at DESC, id DESC);
CREATE INDEX conversation_by_bot ON conversation (workspace_id, bot_id, last_message_at DESC, id DESC);
CREATE INDEX conversation_by_status ON conversation (workspace_id, status, last_message_at DESC, id DESC);
CREATE INDEX conversation_by_assignee ON conversation (workspace_id, assignee, last_message_at DESC, id DESC);
CREATE INDEX conversation_needing_human ON conversation (workspace_id, last_message_at DESC, id DESC) WHERE needs_human;
CREATE INDEX conversation_by_label ON conversation USING gin (labels);

CREATE TABLE message (
    workspace_id    varchar(128) NOT NULL,
    conversation_id varchar(128) NOT NULL,
    id              varchar(128) NOT NULL,
    event_id        varchar(256) NOT NULL,
    role            varchar(16)  NOT NULL,
    sender_id       varchar(128),
    sender_name     varchar(256),
    text            text         NOT NULL,
    sent_at         timestamptz  NOT NULL,
    bot_fallback    boolean,
    bot_intent      varchar(256),
    attachments     jsonb,
    feedback        varchar(16),
    feedback_at     timestamptz,
    delivery_state  varchar(16),
    PRIMARY KEY (workspace_id, conversation_id, id)
);

-- one conversation's history in time order, both ways
CREATE INDEX message_history ON message (workspace_id, conversation_id, sent_at, id);

-- every handoff, assignment, status and label change, oldest first
CREATE TABLE timeline_entry (
    id              bigserial    PRIMARY KEY,
    workspace_id    varchar(128) NOT NULL,
    conversation_id varchar(128) NOT NULL,
    at              timestamptz  NOT NULL,
    type            varchar(32)  NOT NULL,
    actor           varchar(128),
    from_value      text,
    to_value        text,
    reason          text,
    event_id        varchar(256) NOT NULL
);
CREATE INDEX timeline_by_conversation ON timeline_entry (workspace_id, conversation_id, at, id);
