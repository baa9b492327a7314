ALTER TABLE "tickets" ADD COLUMN "audience_unit_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL;
--> statement-breakpoint
-- Who may see a ticket below the city level: the units of its non-cancelled assignments and every
-- unit above them (a unit's path is '/<root id>/…/<own id>/'). The same set the realtime rooms use.
CREATE FUNCTION ticket_audience(p_ticket uuid) RETURNS uuid[] LANGUAGE sql STABLE AS $$
  SELECT coalesce(array_agg(DISTINCT x::uuid ORDER BY x::uuid), '{}'::uuid[])
  FROM assignments a
  JOIN units u ON u.id = a.unit_id,
  unnest(string_to_array(trim(both '/' from u.path), '/')) AS x
  WHERE a.ticket_id = p_ticket AND a.status <> 'cancelled' AND x <> ''
$$;
--> statement-breakpoint
-- Kept in the writer's transaction, once per statement and ticket touched.
CREATE FUNCTION refresh_ticket_audience() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    UPDATE tickets t SET audience_unit_ids = ticket_audience(t.id)
    WHERE t.id IN (SELECT ticket_id FROM new_rows)
      AND t.audience_unit_ids IS DISTINCT FROM ticket_audience(t.id);
  ELSIF TG_OP = 'UPDATE' THEN
    UPDATE tickets t SET audience_unit_ids = ticket_audience(t.id)
    WHERE t.id IN (SELECT n.ticket_id FROM new_rows n JOIN old_rows o ON o.id = n.id
                   WHERE o.status IS DISTINCT FROM n.status OR o.unit_id IS DISTINCT FROM n.unit_id
                      OR o.ticket_id IS DISTINCT FROM n.ticket_id
                   UNION SELECT o.ticket_id FROM old_rows o JOIN new_rows n ON n.id = o.id
                   WHERE o.ticket_id IS DISTINCT FROM n.ticket_id)
      AND t.audience_unit_ids IS DISTINCT FROM ticket_audience(t.id);
  ELSE
    UPDATE tickets t SET audience_unit_ids = ticket_audience(t.id)
    WHERE t.id IN (SELECT ticket_id FROM old_rows)
      AND t.audience_unit_ids IS DISTINCT FROM ticket_audience(t.id);
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER assignments_audience_insert AFTER INSERT ON assignments
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION refresh_ticket_audience();
--> statement-breakpoint
CREATE TRIGGER assignments_audience_update AFTER UPDATE ON assignments
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION refresh_ticket_audience();
--> statement-breakpoint
CREATE TRIGGER assignments_audience_delete AFTER DELETE ON assignments
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION refresh_ticket_audience();
--> statement-breakpoint
-- A unit moved in the tree: the tickets of it and of the units below it get their new ancestors.
CREATE FUNCTION refresh_audience_of_moved_units() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE tickets t SET audience_unit_ids = ticket_audience(t.id)
  WHERE t.id IN (SELECT a.ticket_id FROM assignments a
                 JOIN new_rows n ON n.id = a.unit_id JOIN old_rows o ON o.id = n.id
                 WHERE o.path IS DISTINCT FROM n.path);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER units_audience_update AFTER UPDATE ON units
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION refresh_audience_of_moved_units();
--> statement-breakpoint
UPDATE tickets t SET audience_unit_ids = a.ids
FROM (SELECT a.ticket_id, array_agg(DISTINCT x::uuid ORDER BY x::uuid) AS ids
      FROM assignments a JOIN units u ON u.id = a.unit_id,
      unnest(string_to_array(trim(both '/' from u.path), '/')) AS x
      WHERE a.status <> 'cancelled' AND x <> ''
      GROUP BY a.ticket_id) a
WHERE a.ticket_id = t.id;
--> statement-breakpoint
CREATE INDEX "tickets_open_audience_idx" ON "tickets" USING gin ("audience_unit_ids") WHERE "tickets"."status" not in ('closed','merged') and cardinality("tickets"."audience_unit_ids") > 0;
--> statement-breakpoint
ANALYZE "tickets";
