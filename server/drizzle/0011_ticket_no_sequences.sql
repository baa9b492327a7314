-- Ticket numbers from one sequence per China day instead of a counter row: the row stayed locked
-- from a filing's number until its commit, so every filing of the day queued behind the one before
-- for its WAL flush (≈ 500 filings/s at most on the 2-core bench machine, fewer with more clients).
-- A sequence hands out numbers without waiting; a filing that fails leaves a gap in the day's
-- numbers, as numbers are never reused.
--
-- ticket_no_sequence(day) makes the day's sequence `ticket_no_YYYYMMDD` when it is missing and
-- returns it. Called outside the filing's transaction (autocommit), once per day and process: two
-- processes making the same day's sequence at once both succeed. A sequence made for a day that
-- already has tickets (a restored database) starts after the day's highest number.
CREATE FUNCTION ticket_no_sequence(p_day text, p_after bigint DEFAULT 0) RETURNS regclass
LANGUAGE plpgsql AS $$
DECLARE
  seq text := 'ticket_no_' || p_day;
  highest bigint;
BEGIN
  IF p_day !~ '^[0-9]{8}$' THEN
    RAISE EXCEPTION 'ticket_no_sequence: day must be YYYYMMDD, got %', p_day USING ERRCODE = '22023';
  END IF;
  IF to_regclass(seq) IS NULL THEN
    SELECT max(substr(no, 9)::bigint) INTO highest FROM tickets
    WHERE no > p_day AND no < (p_day::bigint + 1)::text AND substr(no, 9) ~ '^[0-9]+$';
    BEGIN
      EXECUTE format('CREATE SEQUENCE %I AS bigint START WITH %s', seq, greatest(p_after, highest, 0) + 1);
    EXCEPTION WHEN unique_violation OR duplicate_table THEN
      NULL; -- another session made it first
    END;
  END IF;
  RETURN seq::regclass;
END $$;
--> statement-breakpoint
-- The days numbered so far continue where their counters stopped.
SELECT ticket_no_sequence(day, last) FROM ticket_no_counters;
--> statement-breakpoint
DROP TABLE "ticket_no_counters" CASCADE;
