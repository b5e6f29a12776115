-- Kernel tables: the outbox (side effects leave after commit) and the audit log.
CREATE TABLE kernel_outbox (
  id bigserial PRIMARY KEY,
  topic text NOT NULL,
  payload jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  processed_at timestamptz
);
CREATE INDEX kernel_outbox_pending ON kernel_outbox (id) WHERE processed_at IS NULL;

CREATE TABLE kernel_audit (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  actor text NOT NULL,
  action text NOT NULL,
  subject text,
  details jsonb NOT NULL DEFAULT '{}'
);
