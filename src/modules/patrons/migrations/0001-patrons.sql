-- Readers (patrons), their groups, cards, money ledger, blocks and reader sessions.
-- Library ids (home library, issuing library) are consortium ids kept as plain uuids.

CREATE TABLE patrons_group (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code text NOT NULL UNIQUE,
  name text NOT NULL,
  name_zh text NOT NULL,
  -- deposit a reader of this group leaves before borrowing (0: none), in fen
  deposit_fen integer NOT NULL DEFAULT 0 CHECK (deposit_fen >= 0),
  may_borrow_adult boolean NOT NULL DEFAULT true,
  may_borrow_children boolean NOT NULL DEFAULT true,
  max_loans integer NOT NULL DEFAULT 10 CHECK (max_loans >= 0),
  -- a new card's life; NULL: cards of this group do not expire
  card_validity_months integer CHECK (card_validity_months > 0),
  credit_waiver_allowed boolean NOT NULL DEFAULT true,
  active boolean NOT NULL DEFAULT true
);

INSERT INTO patrons_group (code, name, name_zh, deposit_fen, may_borrow_adult, may_borrow_children, max_loans, card_validity_months) VALUES
  ('adult', 'Adult', '成人', 10000, true, true, 10, 60),
  ('child', 'Child', '少儿', 5000, false, true, 5, 36),
  ('student', 'Student', '学生', 0, true, true, 10, 48),
  ('senior', 'Senior', '老年', 0, true, true, 10, NULL),
  ('union', 'Trade-union member', '工会会员', 0, true, true, 10, 60);

CREATE TABLE patrons_patron (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  id_type text NOT NULL CHECK (id_type IN ('resident_id', 'passport', 'hk_macao_permit', 'taiwan_permit', 'foreign_permanent_id', 'other')),
  -- the ID number is kept three ways: a keyed hash (duplicate detection), AES-256-GCM
  -- ciphertext (for the rare lawful need), and the masked form shown everywhere
  id_hash text NOT NULL,
  id_cipher text NOT NULL,
  id_masked text NOT NULL,
  phone_cipher text,
  phone_masked text,
  group_id uuid NOT NULL REFERENCES patrons_group (id),
  home_library_id uuid,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'merged')),
  merged_into uuid REFERENCES patrons_patron (id),
  pin_hash text,
  pin_failures integer NOT NULL DEFAULT 0 CHECK (pin_failures >= 0),
  pin_locked_until timestamptz,
  deposit_waived boolean NOT NULL DEFAULT false,
  credit_score integer,
  credit_checked_at timestamptz,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  CHECK ((status = 'merged') = (merged_into IS NOT NULL))
);
-- one living reader per identity document; merged duplicates keep their hash for history
CREATE UNIQUE INDEX patrons_patron_identity ON patrons_patron (id_hash) WHERE status = 'active';
CREATE INDEX patrons_patron_home ON patrons_patron (home_library_id);

CREATE TABLE patrons_card (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  patron_id uuid NOT NULL REFERENCES patrons_patron (id),
  -- barcode: the physical card; virtual: the QR card (its number is never scanned, only
  -- its rotating token); union: trade-union member card; e_student: electronic student card
  kind text NOT NULL CHECK (kind IN ('barcode', 'virtual', 'union', 'e_student')),
  -- unique over every kind, so a scanned value names one card without knowing its kind
  number text NOT NULL UNIQUE CHECK (number ~ '^[A-Za-z0-9-]{4,40}$'),
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'lost', 'expired', 'replaced', 'withdrawn')),
  library_id uuid,
  issued_at timestamptz NOT NULL,
  expires_on date,
  replaced_by uuid REFERENCES patrons_card (id),
  status_changed_at timestamptz NOT NULL
);
CREATE INDEX patrons_card_patron ON patrons_card (patron_id);
CREATE UNIQUE INDEX patrons_card_one_virtual ON patrons_card (patron_id) WHERE kind = 'virtual' AND status = 'active';

-- Every movement of money, in fen, always positive; the kind gives the direction:
-- deposit held = deposit - deposit_refund; owed = fine + lost_fee + fee - payment - waiver.
-- deposit_waiver records a credit-based waiver (the deposit that was not taken).
CREATE TABLE patrons_ledger (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- insertion order: entries written in one transaction share one clock reading
  seq bigint GENERATED ALWAYS AS IDENTITY,
  patron_id uuid NOT NULL REFERENCES patrons_patron (id),
  kind text NOT NULL CHECK (kind IN ('deposit', 'deposit_refund', 'deposit_waiver', 'fine', 'lost_fee', 'fee', 'payment', 'waiver')),
  amount_fen integer NOT NULL CHECK (amount_fen >= 0),
  at timestamptz NOT NULL,
  library_id uuid,
  actor text NOT NULL,
  -- what it concerns in another module, e.g. 'loan:<uuid>'
  reference text,
  note text
);
CREATE INDEX patrons_ledger_patron ON patrons_ledger (patron_id, at);

CREATE TABLE patrons_block (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  patron_id uuid NOT NULL REFERENCES patrons_patron (id),
  reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
  library_id uuid,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL,
  expires_at timestamptz,
  removed_at timestamptz,
  removed_by text
);
CREATE INDEX patrons_block_open ON patrons_block (patron_id) WHERE removed_at IS NULL;

-- Reader sessions for the public app; only the token's sha256 is stored.
CREATE TABLE patrons_session (
  token_hash bytea PRIMARY KEY,
  patron_id uuid NOT NULL REFERENCES patrons_patron (id),
  card_id uuid REFERENCES patrons_card (id),
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL
);
CREATE INDEX patrons_session_patron ON patrons_session (patron_id);

-- The generated master key (when no TIANYI_SECRET is configured) and a check value that
-- detects a changed secret before it silently breaks duplicate detection.
CREATE TABLE patrons_secret (
  name text PRIMARY KEY,
  value bytea NOT NULL
);
