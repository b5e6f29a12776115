-- The library network (总分馆体系): member libraries, shelving locations (馆藏地), service points
-- (服务点) and opening calendars. The application checks give good messages; these constraints
-- guarantee the invariants when two staff members edit at once.

-- btree_gist lets one exclusion constraint combine "same library/day" with "overlapping hours".
-- It is a trusted extension (PostgreSQL 13+), so a database owner may create it.
CREATE EXTENSION IF NOT EXISTS btree_gist;

CREATE TABLE consortium_library (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code text NOT NULL CHECK (code ~ '^[A-Z0-9][A-Z0-9_-]{0,31}$'),
  name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
  name_en text CHECK (name_en IS NULL OR length(btrim(name_en)) BETWEEN 1 AND 200),
  kind text NOT NULL CHECK (kind IN ('central', 'district', 'branch', 'service_point')),
  parent_id uuid REFERENCES consortium_library (id),
  -- SIP2 AO field: kiosks name their library by it.
  institution_id text CHECK (institution_id IS NULL OR institution_id ~ '^[A-Za-z0-9_.-]{1,32}$'),
  time_zone text NOT NULL DEFAULT 'Asia/Shanghai',
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'left')),
  joined_on date NOT NULL,
  left_on date,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  -- A library that left says when; an active one has no leaving date.
  CONSTRAINT consortium_library_left_has_date CHECK ((status = 'left') = (left_on IS NOT NULL)),
  CONSTRAINT consortium_library_left_after_joined CHECK (left_on IS NULL OR left_on >= joined_on),
  CONSTRAINT consortium_library_not_own_parent CHECK (parent_id IS NULL OR parent_id <> id),
  -- The central library heads the network.
  CONSTRAINT consortium_library_central_has_no_parent CHECK (kind <> 'central' OR parent_id IS NULL)
);
CREATE UNIQUE INDEX consortium_library_code ON consortium_library (code);
CREATE UNIQUE INDEX consortium_library_institution ON consortium_library (institution_id) WHERE institution_id IS NOT NULL;
CREATE INDEX consortium_library_parent ON consortium_library (parent_id);

-- Membership periods: leaving and rejoining keep every earlier period (statistics compare
-- members over time; a loan's library must be explainable years later).
CREATE TABLE consortium_membership (
  id bigserial PRIMARY KEY,
  library_id uuid NOT NULL REFERENCES consortium_library (id),
  joined_on date NOT NULL,
  left_on date,
  CHECK (left_on IS NULL OR left_on >= joined_on)
);
CREATE UNIQUE INDEX consortium_membership_one_open ON consortium_membership (library_id) WHERE left_on IS NULL;

CREATE TABLE consortium_location (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  library_id uuid NOT NULL REFERENCES consortium_library (id),
  code text NOT NULL CHECK (code ~ '^[A-Z0-9][A-Z0-9_-]{0,31}$'),
  name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
  name_en text CHECK (name_en IS NULL OR length(btrim(name_en)) BETWEEN 1 AND 200),
  -- Reference collections (参考阅览) are read in the library only.
  for_loan boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX consortium_location_code ON consortium_location (library_id, code);

CREATE TABLE consortium_service_point (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  library_id uuid NOT NULL REFERENCES consortium_library (id),
  code text NOT NULL CHECK (code ~ '^[A-Z0-9][A-Z0-9_-]{0,31}$'),
  name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
  name_en text CHECK (name_en IS NULL OR length(btrim(name_en)) BETWEEN 1 AND 200),
  kind text NOT NULL DEFAULT 'desk' CHECK (kind IN ('desk', 'kiosk', 'return_machine')),
  pickup_location boolean NOT NULL DEFAULT false,
  hold_shelf_days integer CHECK (hold_shelf_days BETWEEN 1 AND 90),
  created_at timestamptz NOT NULL DEFAULT now(),
  -- A pickup location must say how long a hold waits on its shelf (预约架).
  CONSTRAINT consortium_service_point_pickup_days CHECK (NOT pickup_location OR hold_shelf_days IS NOT NULL)
);
CREATE UNIQUE INDEX consortium_service_point_code ON consortium_service_point (library_id, code);

-- Weekly opening hours: several spans per weekday (lunch breaks); a weekday without spans is closed.
-- weekday is ISO: 1 = Monday ... 7 = Sunday. closes may be 24:00 (open until midnight).
CREATE TABLE consortium_opening_span (
  library_id uuid NOT NULL REFERENCES consortium_library (id),
  weekday smallint NOT NULL CHECK (weekday BETWEEN 1 AND 7),
  opens time NOT NULL,
  closes time NOT NULL,
  PRIMARY KEY (library_id, weekday, opens),
  CHECK (opens < closes),
  CONSTRAINT consortium_opening_span_no_overlap EXCLUDE USING gist (
    library_id WITH =, weekday WITH =,
    int4range(extract(epoch FROM opens)::int, extract(epoch FROM closes)::int) WITH &&)
);

-- Exceptions on one date: a closed day (春节, 国庆节, stocktake) has no spans;
-- special opening hours have one or more. One exception per library and date.
CREATE TABLE consortium_calendar_exception (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  library_id uuid NOT NULL REFERENCES consortium_library (id),
  day date NOT NULL,
  name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX consortium_calendar_exception_day ON consortium_calendar_exception (library_id, day);

CREATE TABLE consortium_exception_span (
  exception_id uuid NOT NULL REFERENCES consortium_calendar_exception (id) ON DELETE CASCADE,
  opens time NOT NULL,
  closes time NOT NULL,
  PRIMARY KEY (exception_id, opens),
  CHECK (opens < closes),
  CONSTRAINT consortium_exception_span_no_overlap EXCLUDE USING gist (
    exception_id WITH =,
    int4range(extract(epoch FROM opens)::int, extract(epoch FROM closes)::int) WITH &&)
);
