-- GET /agents counts, for each agent, the conversations it holds where the visitor waits for its answer: without this index
-- each agent's count scanned the workspace's conversations.
CREATE INDEX conversation_waiting_for_holder ON conversation (workspace_id, holder)
    WHERE mode = 'HUMAN' AND visitor_waiting_since IS NOT NULL;
