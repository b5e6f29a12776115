-- Events: lectures, exhibitions, workshops, reading activities; registration with a waiting list.
-- library_id, space_id, booking_id and patron_id are other modules' ids (plain uuids, no FKs).
CREATE TABLE events_series (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  library_id uuid NOT NULL,
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  -- membership series (系列讲座会员): a member is registered for every session
  membership boolean NOT NULL DEFAULT false,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE events_event (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  library_id uuid NOT NULL,
  series_id uuid REFERENCES events_series (id),
  kind text NOT NULL CHECK (kind IN ('lecture', 'exhibition', 'workshop', 'reading', 'tour')),
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  description text NOT NULL DEFAULT '',
  audience text NOT NULL CHECK (audience IN ('all', 'adult', 'teen', 'child', 'family', 'senior')),
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL,
  space_id uuid,
  booking_id uuid,
  place text,
  -- null: open to all without registration (an exhibition in the lobby)
  capacity int CHECK (capacity > 0),
  status text NOT NULL DEFAULT 'published' CHECK (status IN ('published', 'cancelled')),
  poster bytea,
  poster_type text,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (ends_at > starts_at)
);
CREATE INDEX events_event_calendar ON events_event (starts_at, library_id) WHERE status = 'published';
CREATE INDEX events_event_series ON events_event (series_id) WHERE series_id IS NOT NULL;

CREATE TABLE events_registration (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- first come, first served: the waiting list's order, exact even when two arrive in one instant
  seq bigserial NOT NULL,
  event_id uuid NOT NULL REFERENCES events_event (id),
  patron_id uuid NOT NULL,
  status text NOT NULL CHECK (status IN ('registered', 'waitlisted', 'cancelled')),
  via_series boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL,
  promoted_at timestamptz,
  cancelled_at timestamptz,
  checked_in_at timestamptz,
  reminded_at timestamptz
);
-- one live registration per reader and event; the waiting list is ordered by created_at
CREATE UNIQUE INDEX events_registration_once ON events_registration (event_id, patron_id) WHERE status <> 'cancelled';
CREATE INDEX events_registration_event ON events_registration (event_id, status, seq);
CREATE INDEX events_registration_patron ON events_registration (patron_id, created_at DESC);

CREATE TABLE events_series_member (
  series_id uuid NOT NULL REFERENCES events_series (id),
  patron_id uuid NOT NULL,
  joined_at timestamptz NOT NULL,
  left_at timestamptz
);
CREATE UNIQUE INDEX events_series_member_once ON events_series_member (series_id, patron_id) WHERE left_at IS NULL;
