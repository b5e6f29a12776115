-- Items (单册): one physical copy each, barcode unique across the whole network.
CREATE TABLE inventory_item (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  barcode text NOT NULL,
  record_id uuid NOT NULL,            -- catalog_record.id (another module: no foreign key)
  library_id uuid NOT NULL,           -- owning library (consortium)
  location_id uuid,                   -- shelving location (consortium)
  call_number text,
  item_type text NOT NULL DEFAULT 'book',
  status text NOT NULL DEFAULT 'available' CHECK (status IN (
    'available', 'checked_out', 'in_transit', 'on_hold_shelf', 'in_process', 'on_order',
    'missing', 'lost', 'claimed_returned', 'withdrawn', 'damaged')),
  -- Where the item is now (differs from the owner while in transit or after a return elsewhere).
  current_library_id uuid,
  price_fen integer CHECK (price_fen IS NULL OR price_fen >= 0),
  volume text,
  copy_number text,
  -- RFID / magnetic: whether the item must be desensitised at a kiosk.
  security_marker text NOT NULL DEFAULT 'rfid' CHECK (security_marker IN ('none', 'tattle_tape', 'rfid', 'whisper_tape', 'other')),
  public_note text,
  staff_note text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  CONSTRAINT inventory_item_barcode_format CHECK (barcode ~ '^[A-Za-z0-9._-]{1,40}$')
);
CREATE UNIQUE INDEX inventory_item_barcode ON inventory_item (barcode);
CREATE INDEX inventory_item_record ON inventory_item (record_id);
CREATE INDEX inventory_item_library_status ON inventory_item (library_id, status);
