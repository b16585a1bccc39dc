-- Up Migration

-- A match row keeps its folded state without the match's event log: the events are stored
-- beside it (`events`, in seq order), and the log was most of the row (about 24 KB of a
-- 100-event match, whose view is a few hundred bytes) that every projector batch read and
-- rewrote. The rows folded with their log lose it here. They also lack the card list that
-- states now keep in its place: the read models' shape moves to 3 with this migration, so the
-- projector clears the schema and folds the log again from offset 0 on its next start (see
-- `bindToLog`); until then readers, which no longer read a state's log, answer from these rows.
UPDATE read.matches SET state = state - 'log' WHERE state ? 'log';

-- Down Migration
-- Nothing to put back: code that reads a state's log folds the read models in shape 2, and a
-- schema bound in shape 3 is cleared and folded again from offset 0 by it.
SELECT 1;
