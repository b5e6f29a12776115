-- Reservations: reading rooms with seats, activity rooms, bookings, no-show suspensions.
-- library_id / patron_id / event_id are other modules' ids kept as plain uuids (no cross-module FKs).
CREATE EXTENSION IF NOT EXISTS btree_gist;

-- One row per library that changed the defaults; the code supplies defaults for the rest.
CREATE TABLE reservations_policy (
  library_id uuid PRIMARY KEY,
  slot_minutes int NOT NULL CHECK (slot_minutes IN (5, 10, 15, 20, 30, 60)),
  booking_window_days int NOT NULL CHECK (booking_window_days BETWEEN 0 AND 60),
  booking_opens_at time,
  max_seat_hours_per_day numeric(4, 2) NOT NULL CHECK (max_seat_hours_per_day > 0 AND max_seat_hours_per_day <= 24),
  max_open_bookings int NOT NULL CHECK (max_open_bookings BETWEEN 1 AND 50),
  max_room_hours numeric(4, 2) NOT NULL CHECK (max_room_hours > 0 AND max_room_hours <= 24),
  room_groups text[] NOT NULL,
  check_in_early_minutes int NOT NULL CHECK (check_in_early_minutes BETWEEN 0 AND 120),
  grace_minutes int NOT NULL CHECK (grace_minutes BETWEEN 1 AND 240),
  away_minutes int NOT NULL CHECK (away_minutes BETWEEN 1 AND 240),
  no_show_limit int NOT NULL CHECK (no_show_limit BETWEEN 1 AND 100),
  no_show_window_days int NOT NULL CHECK (no_show_window_days BETWEEN 1 AND 365),
  suspension_days int NOT NULL CHECK (suspension_days BETWEEN 1 AND 365),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE reservations_space (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  library_id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('reading_room', 'activity_room')),
  code text NOT NULL,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  floor text,
  capacity int NOT NULL CHECK (capacity BETWEEN 1 AND 10000),
  equipment text[] NOT NULL DEFAULT '{}',
  accessible boolean NOT NULL DEFAULT true,
  in_service boolean NOT NULL DEFAULT true,
  out_of_service_reason text,
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT reservations_space_code UNIQUE (library_id, code)
);

CREATE TABLE reservations_seat (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  space_id uuid NOT NULL REFERENCES reservations_space (id),
  library_id uuid NOT NULL,
  number text NOT NULL CHECK (length(number) BETWEEN 1 AND 20),
  zone text NOT NULL DEFAULT 'general' CHECK (zone IN ('general', 'quiet', 'power', 'children', 'computer')),
  accessible boolean NOT NULL DEFAULT false,
  in_service boolean NOT NULL DEFAULT true,
  -- printed on the seat's QR sticker; random so that a code cannot be guessed from a seat number
  code text NOT NULL UNIQUE,
  CONSTRAINT reservations_seat_number UNIQUE (space_id, number)
);
CREATE INDEX reservations_seat_library ON reservations_seat (library_id);

CREATE TABLE reservations_booking (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  library_id uuid NOT NULL,
  space_id uuid NOT NULL REFERENCES reservations_space (id),
  seat_id uuid REFERENCES reservations_seat (id),
  kind text NOT NULL CHECK (kind IN ('seat', 'room', 'event')),
  patron_id uuid,
  event_id uuid,
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL,
  status text NOT NULL DEFAULT 'booked'
    CHECK (status IN ('booked', 'checked_in', 'away', 'completed', 'cancelled', 'no_show', 'released')),
  party_size int CHECK (party_size > 0),
  purpose text,
  checked_in_at timestamptz,
  away_since timestamptz,
  ended_at timestamptz,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (ends_at > starts_at),
  CHECK ((kind = 'seat') = (seat_id IS NOT NULL)),
  CHECK (kind = 'event' OR patron_id IS NOT NULL),
  -- The invariants: a seat, a room, a reader hold at most one live booking at any instant.
  -- Application rules give the friendly refusal; these decide the race.
  CONSTRAINT reservations_seat_taken EXCLUDE USING gist (seat_id WITH =, tstzrange(starts_at, ends_at) WITH &&)
    WHERE (seat_id IS NOT NULL AND status IN ('booked', 'checked_in', 'away')),
  CONSTRAINT reservations_room_taken EXCLUDE USING gist (space_id WITH =, tstzrange(starts_at, ends_at) WITH &&)
    WHERE (kind IN ('room', 'event') AND status IN ('booked', 'checked_in', 'away')),
  CONSTRAINT reservations_reader_busy EXCLUDE USING gist (patron_id WITH =, tstzrange(starts_at, ends_at) WITH &&)
    WHERE (patron_id IS NOT NULL AND status IN ('booked', 'checked_in', 'away'))
);
CREATE INDEX reservations_booking_library_time ON reservations_booking (library_id, starts_at);
CREATE INDEX reservations_booking_patron ON reservations_booking (patron_id, starts_at DESC) WHERE patron_id IS NOT NULL;
-- "any free seat in this room": the room's live bookings overlapping a time, in one index scan
CREATE INDEX reservations_booking_space_live ON reservations_booking USING gist (space_id, tstzrange(starts_at, ends_at))
  WHERE status IN ('booked', 'checked_in', 'away');
-- the no-show sweep reads only live bookings
CREATE INDEX reservations_booking_live ON reservations_booking (starts_at) WHERE status IN ('booked', 'away', 'checked_in');

CREATE TABLE reservations_suspension (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  library_id uuid NOT NULL,
  patron_id uuid NOT NULL,
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL CHECK (ends_at > starts_at),
  no_shows int NOT NULL,
  reason text NOT NULL,
  lifted_at timestamptz,
  lifted_by text,
  created_at timestamptz NOT NULL DEFAULT now()
);
-- at most one suspension in force per reader and library; the sweep relies on it being idempotent
CREATE UNIQUE INDEX reservations_suspension_open ON reservations_suspension (library_id, patron_id) WHERE lifted_at IS NULL;
