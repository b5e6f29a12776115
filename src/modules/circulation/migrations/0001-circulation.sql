-- Circulation: loan policies and the rules that choose them, loans, renewals, holds (预约),
-- transits (在途) and fees. Ids of other modules (items, records, readers, libraries, service
-- points, locations) are plain uuids: no foreign keys across modules.

-- A named set of lending values. Rules point at policies; many rules may share one.
CREATE TABLE circulation_policy (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code text NOT NULL CHECK (code ~ '^[a-z0-9][a-z0-9_-]{0,39}$'),
  name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
  loanable boolean NOT NULL DEFAULT true,
  -- loan period: whole days (due 23:59:59 on an open day) or hours (within opening hours)
  loan_days integer CHECK (loan_days BETWEEN 0 AND 3650),
  loan_hours integer CHECK (loan_hours BETWEEN 1 AND 8784),
  renewals integer NOT NULL DEFAULT 2 CHECK (renewals BETWEEN 0 AND 99),
  renew_when_holds_waiting boolean NOT NULL DEFAULT false,
  -- loans a reader may hold network-wide when borrowing under this policy; NULL: the group's limit
  max_loans_total integer CHECK (max_loans_total >= 0),
  -- loans of the item's type a reader may hold; NULL: no separate limit
  max_loans_of_type integer CHECK (max_loans_of_type >= 0),
  -- children's books: readers whose group may not borrow them are refused (and adult books likewise)
  audience text NOT NULL DEFAULT 'any' CHECK (audience IN ('any', 'adult', 'children')),
  grace_days integer NOT NULL DEFAULT 0 CHECK (grace_days BETWEEN 0 AND 365),
  fine_per_day_fen integer NOT NULL DEFAULT 0 CHECK (fine_per_day_fen >= 0),
  -- NULL: capped at the item's price (uncapped when the item has none)
  fine_cap_fen integer CHECK (fine_cap_fen >= 0),
  -- NULL: the item's price
  lost_fee_fen integer CHECK (lost_fee_fen >= 0),
  lost_processing_fee_fen integer NOT NULL DEFAULT 0 CHECK (lost_processing_fee_fen >= 0),
  holds_allowed boolean NOT NULL DEFAULT true,
  max_holds integer NOT NULL DEFAULT 10 CHECK (max_holds >= 0),
  -- NULL: the pickup service point's hold-shelf days
  hold_shelf_days integer CHECK (hold_shelf_days BETWEEN 1 AND 90),
  -- automatic blocks
  max_owed_fen integer NOT NULL DEFAULT 5000 CHECK (max_owed_fen >= 0),
  max_overdue_items integer NOT NULL DEFAULT 1 CHECK (max_overdue_items >= 1),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT circulation_policy_period CHECK ((loan_days IS NULL) <> (loan_hours IS NULL))
);
CREATE UNIQUE INDEX circulation_policy_code ON circulation_policy (code);

-- Which policy applies: NULL matches anything; the most specific matching rule wins
-- (location, then library, then reader group, then item type; see rules/policy-match.ts).
CREATE TABLE circulation_rule (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  library_id uuid,
  group_code text,
  item_type text,
  location_id uuid,
  policy_id uuid NOT NULL REFERENCES circulation_policy (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT circulation_rule_criteria UNIQUE NULLS NOT DISTINCT (library_id, group_code, item_type, location_id)
);

-- Out of the box the network lends: one default policy and the catch-all rule (editable, not deletable).
INSERT INTO circulation_policy (code, name, loan_days, renewals, max_loans_total, fine_per_day_fen, max_holds)
VALUES ('default', 'Default loan policy', 30, 2, 15, 10, 10);
INSERT INTO circulation_rule (policy_id) SELECT id FROM circulation_policy WHERE code = 'default';

CREATE TABLE circulation_loan (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  item_id uuid NOT NULL,
  record_id uuid NOT NULL,
  item_barcode text NOT NULL,
  item_type text NOT NULL,
  item_library_id uuid NOT NULL,
  patron_id uuid NOT NULL,
  card_id uuid,
  group_code text NOT NULL,
  policy_id uuid NOT NULL REFERENCES circulation_policy (id),
  -- the lending library and service point (statistics: loans per library and desk per day)
  library_id uuid NOT NULL,
  service_point_id uuid NOT NULL,
  loaned_at timestamptz NOT NULL,
  due_at timestamptz NOT NULL,
  renewals integer NOT NULL DEFAULT 0 CHECK (renewals >= 0),
  -- open and claimed_returned are open loans; returned, lost and missing have ended
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'claimed_returned', 'returned', 'lost', 'missing')),
  claimed_returned_at timestamptz,
  -- when the loan ended (returned, declared lost, or a claim resolved as missing)
  closed_at timestamptz,
  return_library_id uuid,
  return_service_point_id uuid,
  -- a device's client request key: a retried check-out answers the loan it made
  request_key text,
  actor text NOT NULL,
  CONSTRAINT circulation_loan_closed CHECK ((closed_at IS NULL) = (status IN ('open', 'claimed_returned')))
);
-- The invariant: one open loan per item, whatever the application does.
CREATE UNIQUE INDEX circulation_loan_one_open ON circulation_loan (item_id) WHERE closed_at IS NULL;
CREATE INDEX circulation_loan_patron_open ON circulation_loan (patron_id, due_at) WHERE closed_at IS NULL;
CREATE INDEX circulation_loan_patron ON circulation_loan (patron_id, loaned_at DESC);
CREATE INDEX circulation_loan_library_day ON circulation_loan (library_id, loaned_at);
CREATE INDEX circulation_loan_return_day ON circulation_loan (return_library_id, closed_at) WHERE status = 'returned';
CREATE UNIQUE INDEX circulation_loan_request_key ON circulation_loan (patron_id, request_key) WHERE request_key IS NOT NULL;

-- One row per renewal, with where and how (statistics: renewals per library and channel).
CREATE TABLE circulation_renewal (
  id bigserial PRIMARY KEY,
  loan_id uuid NOT NULL REFERENCES circulation_loan (id),
  patron_id uuid NOT NULL,
  at timestamptz NOT NULL,
  library_id uuid,
  service_point_id uuid,
  via text NOT NULL CHECK (via IN ('staff', 'reader', 'self_check')),
  actor text NOT NULL,
  previous_due_at timestamptz NOT NULL,
  due_at timestamptz NOT NULL,
  overridden text[] NOT NULL DEFAULT '{}'
);
CREATE INDEX circulation_renewal_loan ON circulation_renewal (loan_id);
CREATE INDEX circulation_renewal_library_day ON circulation_renewal (library_id, at);

CREATE TABLE circulation_hold (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  patron_id uuid NOT NULL,
  record_id uuid NOT NULL,
  -- item-level request: only this copy fills it; NULL: title-level (any copy of the record)
  item_id uuid,
  pickup_library_id uuid NOT NULL,
  pickup_service_point_id uuid NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'in_transit', 'ready', 'fulfilled', 'cancelled', 'expired')),
  -- an available copy chosen to be pulled from a shelf (the pick list); not a capture
  target_item_id uuid,
  target_library_id uuid,
  captured_item_id uuid,
  captured_at timestamptz,
  ready_at timestamptz,
  -- waits on the hold shelf through this day
  shelf_expires_on date,
  -- not wanted after this day (optional)
  expires_on date,
  fulfilled_at timestamptz,
  loan_id uuid REFERENCES circulation_loan (id),
  cancelled_at timestamptz,
  cancelled_by text,
  cancel_reason text,
  expired_at timestamptz,
  -- a copy left on the hold shelf by an expired or cancelled hold was taken off it (checked in or out)
  shelf_cleared_at timestamptz,
  created_at timestamptz NOT NULL,
  placed_by text NOT NULL,
  CONSTRAINT circulation_hold_captured CHECK (status NOT IN ('in_transit', 'ready') OR captured_item_id IS NOT NULL),
  CONSTRAINT circulation_hold_ready CHECK (status <> 'ready' OR shelf_expires_on IS NOT NULL)
);
-- queue order is first come, first served: created_at, then id
CREATE INDEX circulation_hold_queue ON circulation_hold (record_id, created_at, id) WHERE status = 'pending';
CREATE INDEX circulation_hold_patron ON circulation_hold (patron_id, created_at DESC);
CREATE INDEX circulation_hold_pickup ON circulation_hold (pickup_library_id, status) WHERE status IN ('ready', 'in_transit', 'expired', 'cancelled');
CREATE INDEX circulation_hold_target ON circulation_hold (target_item_id) WHERE status = 'pending' AND target_item_id IS NOT NULL;
CREATE INDEX circulation_hold_pull ON circulation_hold (target_library_id) WHERE status = 'pending' AND target_item_id IS NOT NULL;
-- a copy fills one hold at a time
CREATE UNIQUE INDEX circulation_hold_one_capture ON circulation_hold (captured_item_id) WHERE status IN ('in_transit', 'ready');
CREATE INDEX circulation_hold_captured ON circulation_hold (captured_item_id) WHERE captured_item_id IS NOT NULL;
-- one live request per reader and title
CREATE UNIQUE INDEX circulation_hold_one_per_title ON circulation_hold (patron_id, record_id) WHERE status IN ('pending', 'in_transit', 'ready');

CREATE TABLE circulation_transit (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  item_id uuid NOT NULL,
  record_id uuid NOT NULL,
  item_barcode text NOT NULL,
  from_library_id uuid NOT NULL,
  from_service_point_id uuid,
  to_library_id uuid NOT NULL,
  reason text NOT NULL CHECK (reason IN ('hold', 'return_home')),
  hold_id uuid REFERENCES circulation_hold (id),
  -- in_transit: sent, not yet scanned in; received: checked in at its destination;
  -- rerouted: checked in somewhere else first (a new transit or a capture follows);
  -- cancelled: the item was marked missing on the way
  status text NOT NULL DEFAULT 'in_transit' CHECK (status IN ('in_transit', 'received', 'rerouted', 'cancelled')),
  sent_at timestamptz NOT NULL,
  received_at timestamptz,
  received_library_id uuid,
  received_service_point_id uuid
);
CREATE UNIQUE INDEX circulation_transit_one_open ON circulation_transit (item_id) WHERE status = 'in_transit';
CREATE INDEX circulation_transit_outgoing ON circulation_transit (from_library_id, sent_at) WHERE status = 'in_transit';
CREATE INDEX circulation_transit_incoming ON circulation_transit (to_library_id, sent_at) WHERE status = 'in_transit';

-- Fees circulation charges. The money itself moves in patrons_ledger (one ledger per reader);
-- this table says what each charge was for and how much of it is settled.
CREATE TABLE circulation_fee (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- insertion order: fees charged in one transaction share one clock reading (payments go oldest first)
  seq bigint GENERATED ALWAYS AS IDENTITY,
  patron_id uuid NOT NULL,
  loan_id uuid REFERENCES circulation_loan (id),
  item_id uuid,
  kind text NOT NULL CHECK (kind IN ('overdue', 'lost', 'lost_processing', 'manual')),
  amount_fen integer NOT NULL CHECK (amount_fen > 0),
  paid_fen integer NOT NULL DEFAULT 0 CHECK (paid_fen >= 0),
  waived_fen integer NOT NULL DEFAULT 0 CHECK (waived_fen >= 0),
  library_id uuid,
  created_at timestamptz NOT NULL,
  closed_at timestamptz,
  actor text NOT NULL,
  note text,
  CONSTRAINT circulation_fee_settled CHECK (paid_fen + waived_fen <= amount_fen),
  CONSTRAINT circulation_fee_closed CHECK ((closed_at IS NOT NULL) = (paid_fen + waived_fen = amount_fen))
);
CREATE INDEX circulation_fee_patron ON circulation_fee (patron_id, created_at);
-- a loan is fined once for being overdue and charged once for being lost
CREATE UNIQUE INDEX circulation_fee_once ON circulation_fee (loan_id, kind) WHERE kind <> 'manual';
