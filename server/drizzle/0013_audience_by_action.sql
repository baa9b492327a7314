-- A dispatch inserts the assignments and then updates the ticket itself (status, lead unit,
-- deadline). The audience trigger (0010) updated the ticket row in between: a second version of
-- the row, which updates all its indexes (the trigram ones included), and makes the action's own
-- update re-check every foreign key of the row (PostgreSQL skips that check only for a row not
-- already written by the transaction). The statement that inserts the assignments now names its
-- ticket in `hotline.audience_by_action` (transaction-local); the trigger leaves that ticket to
-- the action's update, which sets audience_unit_ids = ticket_audience(id) in the same write.
CREATE OR REPLACE FUNCTION refresh_ticket_audience() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  by_action text := nullif(current_setting('hotline.audience_by_action', true), '');
BEGIN
  IF TG_OP = 'INSERT' THEN
    UPDATE tickets t SET audience_unit_ids = ticket_audience(t.id)
    WHERE t.id IN (SELECT ticket_id FROM new_rows)
      AND t.id::text IS DISTINCT FROM by_action
      AND t.audience_unit_ids IS DISTINCT FROM ticket_audience(t.id);
  ELSIF TG_OP = 'UPDATE' THEN
    UPDATE tickets t SET audience_unit_ids = ticket_audience(t.id)
    WHERE t.id IN (SELECT n.ticket_id FROM new_rows n JOIN old_rows o ON o.id = n.id
                   WHERE o.status IS DISTINCT FROM n.status OR o.unit_id IS DISTINCT FROM n.unit_id
                      OR o.ticket_id IS DISTINCT FROM n.ticket_id
                   UNION SELECT o.ticket_id FROM old_rows o JOIN new_rows n ON n.id = o.id
                   WHERE o.ticket_id IS DISTINCT FROM n.ticket_id)
      AND t.id::text IS DISTINCT FROM by_action
      AND t.audience_unit_ids IS DISTINCT FROM ticket_audience(t.id);
  ELSE
    UPDATE tickets t SET audience_unit_ids = ticket_audience(t.id)
    WHERE t.id IN (SELECT ticket_id FROM old_rows)
      AND t.id::text IS DISTINCT FROM by_action
      AND t.audience_unit_ids IS DISTINCT FROM ticket_audience(t.id);
  END IF;
  RETURN NULL;
END $$;
