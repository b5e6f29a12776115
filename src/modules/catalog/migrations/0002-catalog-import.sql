-- MARC imports started over HTTP (POST /api/imports): the import runs in the process that took
-- the file, which writes its progress here, so any process behind the load balancer can report
-- it. `heartbeat_at` moves with every batch; a running import whose heartbeat stopped long ago
-- died with its process and is reported as interrupted.
CREATE TABLE catalog_import (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  status text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'done', 'failed')),
  file_name text,
  options jsonb NOT NULL DEFAULT '{}',
  total_bytes bigint NOT NULL DEFAULT 0,
  bytes bigint NOT NULL DEFAULT 0,
  read integer NOT NULL DEFAULT 0,
  created integer NOT NULL DEFAULT 0,
  updated integer NOT NULL DEFAULT 0,
  rejected integer NOT NULL DEFAULT 0,
  items_created integer NOT NULL DEFAULT 0,
  items_updated integer NOT NULL DEFAULT 0,
  -- [{position, byteOffset, code, reason, controlNumber}], rejects and warnings, written at the end
  rejects jsonb NOT NULL DEFAULT '[]',
  warnings jsonb NOT NULL DEFAULT '[]',
  error text,
  started_by text,
  started_at timestamptz NOT NULL DEFAULT now(),
  heartbeat_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz
);
CREATE INDEX catalog_import_started ON catalog_import (started_at DESC);
