-- An optional e-mail address for notices (due soon, overdue, holds ready). Kept like the phone:
-- AES-256-GCM ciphertext for sending, and the masked form (a***@example.com) shown everywhere.
ALTER TABLE patrons_patron ADD COLUMN email_cipher text, ADD COLUMN email_masked text;
ALTER TABLE patrons_patron ADD CONSTRAINT patrons_patron_email CHECK ((email_cipher IS NULL) = (email_masked IS NULL));
