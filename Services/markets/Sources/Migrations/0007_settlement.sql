-- Settlement: CANCEL nets every user's bets to zero (refunds and claw-backs), MKT pays shares at a
-- probability, and a resolution can be undone.

-- A negative balance is a debt. Only a settlement's claw-back makes one (a cancelled market taking
-- back profit already spent, an unresolve taking back a payout already spent): every other debit
-- needs the credits (`CreditLedger.move`), and any credit pays the debt off first.
ALTER TABLE users DROP CONSTRAINT users_credits_non_negative;
ALTER TABLE credit_transactions DROP CONSTRAINT credit_transactions_balance_after_check;
ALTER TABLE credit_transactions ADD CONSTRAINT credit_transactions_debt_only_by_clawback
    CHECK (balance_after >= 0 OR amount >= 0 OR type IN ('clawback', 'unresolve'));

-- `settled`: paid at an MKT resolution's probability. A cancelled market's bet holds what the
-- cancel moved, amount − proceeds, negative when it was sold at a profit (the claw-back).
ALTER TABLE bets DROP CONSTRAINT bets_status_check;
ALTER TABLE bets ADD CONSTRAINT bets_status_check
    CHECK (status IN ('open', 'sold', 'won', 'lost', 'settled', 'refunded'));
ALTER TABLE bets DROP CONSTRAINT bets_payout_check;
ALTER TABLE bets ADD CONSTRAINT bets_payout_check CHECK (payout >= 0 OR status = 'refunded');
-- Every bet of a market, whatever its status (a cancel or an unresolve settles sold ones too); it
-- replaces the index of open bets, so a bet still writes one market index.
CREATE INDEX bets_market ON bets (market_id);
DROP INDEX bets_open_by_market;

-- An MKT resolution's probability: what a share of the first outcome pays, in millionths (the
-- second outcome's pays the rest).
ALTER TABLE markets ADD COLUMN resolution_micros integer CHECK (resolution_micros BETWEEN 1 AND 999999);
ALTER TABLE markets ADD CONSTRAINT markets_resolution_micros_only_mkt
    CHECK ((resolution_micros IS NOT NULL) = (resolved_outcome IS NOT DISTINCT FROM 'MKT'));
