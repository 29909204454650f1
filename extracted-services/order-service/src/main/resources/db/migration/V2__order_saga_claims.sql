-- Who is advancing a saga, and until when. Every step is taken under a claim (the request thread's or the sweep's):
-- a conditional update that changes one row only while no one else's claim is live, so one step never runs twice
-- at once. A run that stops clears its claim; a process that dies leaves it to run out.
ALTER TABLE order_saga
    ADD COLUMN claimed_by    varchar(64),
    ADD COLUMN claimed_until timestamptz;
