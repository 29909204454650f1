-- payments: a refund asked for a reference that was never charged ---------------------------------------------------
-- A caller whose charge timed out compensates by refunding the reference, while the charge may still be on its
-- way. The reference is remembered here, so that a charge arriving under it later is refused instead of keeping
-- money that no one will ever refund.
CREATE TABLE payment_refunded_references (
    reference   varchar(64) PRIMARY KEY,
    refunded_at timestamptz NOT NULL DEFAULT now()
);
