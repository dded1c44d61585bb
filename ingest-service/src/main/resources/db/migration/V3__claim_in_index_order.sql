-- the claim walks a lane's due deliveries in the order it takes them (time, then id), so that it stops at the first few
-- instead of sorting every open delivery of the lane
DROP INDEX delivery_due;
CREATE INDEX delivery_due ON delivery (lane, next_attempt_at, id) WHERE state IN ('pending', 'retrying');
