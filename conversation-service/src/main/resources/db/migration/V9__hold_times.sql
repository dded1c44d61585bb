-- How long the visitor waited for a human (from the bot's request to the take-over) and the current or last hold, from
-- handoff-service's changes: shown on the conversation's detail only, so kept beside the other owned state.
ALTER TABLE conversation_state ADD COLUMN waited_for_human_seconds bigint;
ALTER TABLE conversation_state ADD COLUMN held_since timestamptz;
ALTER TABLE conversation_state ADD COLUMN held_until timestamptz;
