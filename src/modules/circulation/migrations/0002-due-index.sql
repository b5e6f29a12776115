-- The hourly due-soon / overdue scan (notices) reads open loans by due date across the network.
CREATE INDEX circulation_loan_due_open ON circulation_loan (due_at) WHERE closed_at IS NULL;
