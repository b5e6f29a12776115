-- Staff accounts, roles and bearer-token sessions.
-- library_id is a consortium library id kept as a plain uuid (no foreign keys across modules).
CREATE TABLE staff_role (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code text NOT NULL UNIQUE CHECK (code ~ '^[a-z0-9][a-z0-9_.-]{0,62}$'),
  name text NOT NULL,
  -- 'circulation.checkout', a prefix wildcard 'circulation.*', or '*' for everything
  permissions text[] NOT NULL DEFAULT '{}',
  -- false: a holder acts only for the library of their account
  all_libraries boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE staff_user (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  username text NOT NULL CHECK (username ~ '^[A-Za-z0-9][A-Za-z0-9_.@-]{1,63}$'),
  display_name text NOT NULL,
  password_hash text NOT NULL,
  library_id uuid,
  active boolean NOT NULL DEFAULT true,
  failed_logins integer NOT NULL DEFAULT 0 CHECK (failed_logins >= 0),
  locked_until timestamptz,
  last_login_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
-- usernames are unique regardless of case, so 'Admin' cannot shadow 'admin'
CREATE UNIQUE INDEX staff_user_username ON staff_user (lower(username));

CREATE TABLE staff_user_role (
  user_id uuid NOT NULL REFERENCES staff_user (id) ON DELETE CASCADE,
  role_id uuid NOT NULL REFERENCES staff_role (id) ON DELETE CASCADE,
  PRIMARY KEY (user_id, role_id)
);

-- Only the sha256 of a token is stored: a leaked table does not let anyone sign in.
CREATE TABLE staff_session (
  token_hash bytea PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES staff_user (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL
);
CREATE INDEX staff_session_user ON staff_session (user_id);

INSERT INTO staff_role (code, name, permissions, all_libraries) VALUES
  ('admin', 'Administrator', '{*}', true),
  ('circulation', 'Circulation desk', '{circulation.*,patrons.*}', false),
  ('cataloguer', 'Cataloguer', '{catalog.*,inventory.*}', false),
  ('branch-manager', 'Branch manager',
   '{circulation.*,patrons.*,inventory.*,catalog.read,consortium.read,reports.*,staff.read}', false);
