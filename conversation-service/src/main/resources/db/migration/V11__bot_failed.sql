-- The review queue (botFailed=true): conversations in which the bot fell back, was rated unhelpful or asked for a human.
-- Once failed, a conversation stays in the queue; a partial index keeps its pages and counts to those rows.
ALTER TABLE conversation ADD COLUMN bot_failed boolean NOT NULL DEFAULT false;
UPDATE conversation c SET bot_failed = true
WHERE c.feedback_unhelpful > 0
   OR EXISTS (SELECT 1 FROM message m WHERE m.workspace_id = c.workspace_id AND m.conversation_id = c.id AND m.bot_fallback)
   OR EXISTS (SELECT 1 FROM conversation_state s WHERE s.workspace_id = c.workspace_id AND s.conversation_id = c.id
              AND s.human_requested_at IS NOT NULL);
CREATE INDEX conversation_bot_failed ON conversation (workspace_id, last_message_at DESC, id DESC) WHERE bot_failed;
