-- Most conversations carry no label, yet every new version of their row (each message moves last_message_at) inserted an
-- entry into the label index. Only labelled conversations are indexed now; the label filter states the same predicate.
DROP INDEX conversation_by_label;
CREATE INDEX conversation_by_label ON conversation USING gin (labels) WHERE labels <> '{}';
