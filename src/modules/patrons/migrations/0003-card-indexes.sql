-- Statistics count new cards per day; replacements are followed from the old card.
CREATE INDEX patrons_card_issued ON patrons_card (issued_at);
CREATE INDEX patrons_card_replaced_by ON patrons_card (replaced_by) WHERE replaced_by IS NOT NULL;
