-- What each conversation's summary and the bot's figures need, learnt from events (summary-service reads no other service's
-- tables). The counters are bumped as events arrive; due_at marks a conversation whose summary waits for regeneration.
CREATE TABLE conversation (
    workspace_id          varchar(128) NOT NULL,
    conversation_id       varchar(128) NOT NULL,
    bot_id                varchar(128),
    channel               varchar(64),
    started_at            timestamptz,
    message_count         integer      NOT NULL DEFAULT 0,
    -- the visitor's latest message: the question a fallback or a request for a human failed
    last_visitor_message  varchar(128),
    last_visitor_text     text,
    last_visitor_at       timestamptz,
    -- the conversation's question has been taken for the top questions
    question_taken        boolean      NOT NULL DEFAULT false,
    human_requested_at    timestamptz,
    -- when a human first took part (a take-over or an agent's reply)
    human_at              timestamptz,
    -- changes counts the changes that call for a new summary; summary_changes is the count the stored summary was made at,
    -- so that a summary made from older turns never replaces a newer one
    changes               bigint       NOT NULL DEFAULT 0,
    dirty_since           timestamptz,
    due_at                timestamptz,
    summary               jsonb,
    summary_changes       bigint       NOT NULL DEFAULT 0,
    PRIMARY KEY (workspace_id, conversation_id)
);
CREATE INDEX conversation_due ON conversation (due_at) WHERE due_at IS NOT NULL;
CREATE INDEX conversation_to_human ON conversation (workspace_id, human_at) WHERE human_at IS NOT NULL;

-- The text of every message, read back a bounded window at a time (the first and the last turns) to summarise.
CREATE TABLE message (
    workspace_id    varchar(128) NOT NULL,
    conversation_id varchar(128) NOT NULL,
    message_id      varchar(128) NOT NULL,
    role            varchar(16)  NOT NULL,
    text            text         NOT NULL,
    sent_at         timestamptz  NOT NULL,
    fallback        boolean      NOT NULL DEFAULT false,
    PRIMARY KEY (workspace_id, conversation_id, message_id)
);
CREATE INDEX message_by_time ON message (workspace_id, conversation_id, sent_at, message_id);

-- The latest rating of each bot message: a new rating replaces the old in every count.
CREATE TABLE feedback (
    workspace_id    varchar(128) NOT NULL,
    conversation_id varchar(128) NOT NULL,
    message_id      varchar(128) NOT NULL,
    rating          varchar(16)  NOT NULL,
    rated_on        date         NOT NULL,
    PRIMARY KEY (workspace_id, conversation_id, message_id)
);

-- Per bot and UTC day: conversations started, how many asked for or got a human, bot replies, fallbacks, ratings.
CREATE TABLE bot_day (
    workspace_id  varchar(128) NOT NULL,
    bot_id        varchar(128) NOT NULL,
    day           date         NOT NULL,
    conversations integer      NOT NULL DEFAULT 0,
    handoffs      integer      NOT NULL DEFAULT 0,
    with_human    integer      NOT NULL DEFAULT 0,
    bot_messages  integer      NOT NULL DEFAULT 0,
    fallbacks     integer      NOT NULL DEFAULT 0,
    helpful       integer      NOT NULL DEFAULT 0,
    unhelpful     integer      NOT NULL DEFAULT 0,
    PRIMARY KEY (workspace_id, day, bot_id)
);

-- Visitor questions, of two kinds: 'gap' (the bot failed it) and 'question' (a conversation's first substantive question).
-- group_id is null until the grouper has placed the question.
CREATE TABLE question (
    id              bigserial    PRIMARY KEY,
    workspace_id    varchar(128) NOT NULL,
    kind            varchar(16)  NOT NULL,
    conversation_id varchar(128) NOT NULL,
    message_id      varchar(128) NOT NULL,
    bot_id          varchar(128) NOT NULL,
    text            text         NOT NULL,
    asked_at        timestamptz  NOT NULL,
    group_id        bigint,
    UNIQUE (workspace_id, kind, conversation_id, message_id)
);
CREATE INDEX question_ungrouped ON question (id) WHERE group_id IS NULL;
CREATE INDEX question_by_group ON question (group_id, asked_at DESC);
CREATE INDEX question_by_time ON question (workspace_id, kind, asked_at);

-- Groups of questions that mean the same: the running mean of their embeddings, and the member nearest to it.
CREATE TABLE question_group (
    id             bigserial    PRIMARY KEY,
    workspace_id   varchar(128) NOT NULL,
    kind           varchar(16)  NOT NULL,
    centroid       real[]       NOT NULL,
    members        integer      NOT NULL,
    question       text         NOT NULL,
    question_score real         NOT NULL,
    last_seen_at   timestamptz  NOT NULL
);
CREATE INDEX question_group_recent ON question_group (workspace_id, kind, last_seen_at DESC);

-- Each group's questions per bot and UTC day: what the insights add up, never the questions themselves (but at a window's
-- partial first and last day).
CREATE TABLE question_day (
    workspace_id varchar(128) NOT NULL,
    kind         varchar(16)  NOT NULL,
    group_id     bigint       NOT NULL,
    bot_id       varchar(128) NOT NULL,
    day          date         NOT NULL,
    questions    integer      NOT NULL,
    last_at      timestamptz  NOT NULL,
    PRIMARY KEY (workspace_id, kind, day, group_id, bot_id)
);

-- Events written in the same transaction as the summary they announce; service-support's relay moves them to Kafka.
CREATE TABLE outbox (
    id          bigserial    PRIMARY KEY,
    topic       varchar(256) NOT NULL,
    record_key  varchar(256) NOT NULL,
    payload     bytea        NOT NULL,
    created_at  timestamptz  NOT NULL DEFAULT now()
);

-- Every change of a group takes the next number, so that each replica's copy of the groups catches up with one query.
CREATE SEQUENCE question_group_change;
ALTER TABLE question_group ADD COLUMN change bigint NOT NULL DEFAULT nextval('question_group_change');
CREATE INDEX question_group_changes ON question_group (workspace_id, kind, change);
