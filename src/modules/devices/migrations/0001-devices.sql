-- Self-service devices: SIP2 kiosks, 24-hour return machines, RFID stations and device-API
-- clients. library_id and service_point_id are consortium ids (no cross-module foreign keys).
CREATE TABLE devices_device (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  login text NOT NULL,
  name text NOT NULL,
  kind text NOT NULL DEFAULT 'kiosk' CHECK (kind IN ('kiosk', 'return_machine', 'rfid_station', 'phone')),
  library_id uuid NOT NULL,
  service_point_id uuid NOT NULL,
  charset text NOT NULL DEFAULT 'utf8' CHECK (charset IN ('utf8', 'gb18030', 'gbk', 'cp850', 'latin1')),
  language text NOT NULL DEFAULT 'zh' CHECK (language IN ('zh', 'en')),
  -- scrypt (staff's hashSecret) of the SIP2 login password (93 CO); null: no SIP2 login
  password_hash text,
  -- sha256 of the device API key (X-Api-Key); null: no API access
  api_key_hash bytea,
  api_key_prefix text,
  enabled boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by text NOT NULL,
  disabled_at timestamptz,
  last_seen_at timestamptz,
  last_message text,
  last_error text,
  last_error_at timestamptz,
  messages bigint NOT NULL DEFAULT 0,
  errors bigint NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX devices_device_login ON devices_device (lower(login));
CREATE UNIQUE INDEX devices_device_api_key ON devices_device (api_key_hash) WHERE api_key_hash IS NOT NULL;

-- Idempotency for device requests (the device API's Idempotency-Key, SIP2 fee payments): a
-- retried request answers what the first one answered, in any process. status is null while the
-- first request is still running.
CREATE TABLE devices_idempotency (
  device_id uuid NOT NULL REFERENCES devices_device (id) ON DELETE CASCADE,
  key text NOT NULL,
  request_hash text NOT NULL,
  status int,
  response jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (device_id, key)
);
CREATE INDEX devices_idempotency_created ON devices_idempotency (created_at);

-- Item properties (SIP2 CH) that RFID stations and sorters set with 19 and read back in 17/09/11.
-- item_id is inventory's id.
CREATE TABLE devices_item_properties (
  item_id uuid PRIMARY KEY,
  properties text NOT NULL,
  device_id uuid REFERENCES devices_device (id) ON DELETE SET NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
