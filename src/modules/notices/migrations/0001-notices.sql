-- Notices to readers (due soon, overdue 催还, hold ready, event and reservation notices) and
-- their delivery. One row per notice and channel; the unique key makes a notice exist once,
-- however often the scan runs and however many processes run it. Sending claims rows with
-- FOR UPDATE SKIP LOCKED (status 'sending' with a lease), so one process sends each.
-- No contact data is stored here: the address is looked up in patrons when sending.
CREATE TABLE notices_notice (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  kind text NOT NULL CHECK (kind IN ('due_soon', 'overdue', 'hold_ready', 'event_reminder', 'event_promoted', 'event_cancelled',
    'reservation_no_show', 'reservation_suspended')),
  -- what the notice is about, unique per kind: 'loan:<id>:<due day>', 'loan:<id>:<due day>:7', 'hold:<id>:...', 'registration:<id>'
  subject_key text NOT NULL,
  -- email: SMTP; webhook: the SMS / WeChat gateway
  channel text NOT NULL CHECK (channel IN ('email', 'webhook')),
  patron_id uuid NOT NULL,
  library_id uuid,
  -- the template's values (titles, days, names of places): no contact data
  vars jsonb NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'skipped')),
  attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  next_attempt_at timestamptz NOT NULL,
  -- while 'sending': the claim's lease; a process that died mid-send loses it and another retries
  locked_until timestamptz,
  last_error text,
  created_at timestamptz NOT NULL,
  sent_at timestamptz,
  CONSTRAINT notices_notice_once UNIQUE (kind, subject_key, channel),
  CONSTRAINT notices_notice_sent CHECK ((status = 'sent') = (sent_at IS NOT NULL))
);
-- the send queue: due rows first; finished rows leave the index
CREATE INDEX notices_notice_queue ON notices_notice (next_attempt_at) WHERE status IN ('pending', 'sending');
CREATE INDEX notices_notice_patron ON notices_notice (patron_id, created_at DESC);
