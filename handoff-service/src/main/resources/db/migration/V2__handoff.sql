-- Who answers each conversation. A row exists from the first event that names the conversation (a message, the bot's request
-- for a human, a status change); bot and channel are known from its first message, and outbound events need them.
CREATE TABLE conversation (
    workspace_id         varchar(128) NOT NULL,
    conversation_id      varchar(128) NOT NULL,
    bot_id               varchar(128),
    channel              varchar(64),
    mode                 varchar(8)   NOT NULL DEFAULT 'BOT',
    holder               varchar(128),
    assignee             varchar(128),
    needs_human          boolean      NOT NULL DEFAULT false,
    -- the first request for a human not answered yet by a take-over: how long the visitor has waited
    human_requested_at   timestamptz,
    held_since           timestamptz,
    -- the first visitor message the holder has not answered yet
    visitor_waiting_since timestamptz,
    resolved             boolean      NOT NULL DEFAULT false,
    -- every change adds one: clients see it, and a change is only written over the version it was decided on
    version              bigint       NOT NULL DEFAULT 0,
    PRIMARY KEY (workspace_id, conversation_id)
);

-- the queue of auto-assignment: oldest request first
CREATE INDEX conversation_waiting ON conversation (workspace_id, human_requested_at, conversation_id)
    WHERE needs_human AND assignee IS NULL AND NOT resolved;
-- an agent's open load
CREATE INDEX conversation_open_by_assignee ON conversation (workspace_id, assignee)
    WHERE assignee IS NOT NULL AND NOT resolved;

CREATE TABLE agent (
    workspace_id  varchar(128) NOT NULL,
    agent_id      varchar(128) NOT NULL,
    name          varchar(256) NOT NULL,
    roles         text[]       NOT NULL DEFAULT '{agent}',
    available     boolean      NOT NULL DEFAULT true,
    -- when auto-assignment last gave this agent a conversation (a sequence, not a clock: several in one transaction differ)
    last_assigned bigint,
    PRIMARY KEY (workspace_id, agent_id)
);

CREATE SEQUENCE assignment_order;

CREATE TABLE auto_assignment (
    workspace_id       varchar(128) PRIMARY KEY,
    enabled            boolean      NOT NULL,
    max_open_per_agent integer      NOT NULL
);

-- Events written in the same transaction as the change they announce; a relay moves them to Kafka, oldest first,
-- and deletes them once Kafka acknowledged. A change is never in the database without its event, nor the reverse.
CREATE TABLE outbox (
    id          bigserial    PRIMARY KEY,
    topic       varchar(256) NOT NULL,
    record_key  varchar(256) NOT NULL,
    payload     bytea        NOT NULL,
    created_at  timestamptz  NOT NULL DEFAULT now()
);
