-- Daily statistics (a roll-up of circulation and patrons, refreshed by a job; today is computed
-- live). One row per day and library (service_point_id NULL: the library's total, with its own
-- distinct readers and its new cards) and one per day and desk ('none': renewals made online).
CREATE TABLE stats_daily (
  day date NOT NULL,
  library_id uuid NOT NULL,
  service_point_id text,
  loans integer NOT NULL DEFAULT 0 CHECK (loans >= 0),
  returns integer NOT NULL DEFAULT 0 CHECK (returns >= 0),
  renewals integer NOT NULL DEFAULT 0 CHECK (renewals >= 0),
  active_readers integer NOT NULL DEFAULT 0 CHECK (active_readers >= 0),
  new_cards integer NOT NULL DEFAULT 0 CHECK (new_cards >= 0),
  CONSTRAINT stats_daily_key UNIQUE NULLS NOT DISTINCT (day, library_id, service_point_id)
);
CREATE INDEX stats_daily_library ON stats_daily (library_id, day);

-- Which days the roll-up holds, and when they were computed: a day is served from stats_daily
-- once it was refreshed after it ended; until then (today, a day being backfilled) it is computed live.
CREATE TABLE stats_day (
  day date PRIMARY KEY,
  refreshed_at timestamptz NOT NULL
);
