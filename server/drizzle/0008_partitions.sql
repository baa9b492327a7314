-- Issue #8: the append-only tables that grow without end, ticket_events and audit_log, are
-- partitioned by RANGE on their time column, one partition per China-time month (the KPI day and
-- the report month are China time, so a month's report reads one partition), plus a DEFAULT
-- partition so that a row whose month has no partition yet is never refused.
--
-- Tables considered and left unpartitioned:
--   inbound_messages      unique (channel, external_id) is the channels' idempotency key and does not
--                         contain the time: per-partition uniqueness would let a retried message in twice.
--   call_records          unique call_id (the CTI's id, same reason); rows are updated as call events fold in.
--   conversation_messages unique inbound_message_id (same reason).
--   outbox                a work queue, not history: rows are updated (dispatched_at, attempts) and read
--                         through the pending partial index; old rows may simply be deleted.
--   outbound_messages, kb_usage
--                         append-only but small (a fraction of the events); nothing reads them by month.
--
-- Primary keys include the partition key, as PostgreSQL requires: (id, created_at) and (id, at).
-- ticket_events keeps its bigserial sequence, so ids stay unique and growing across the move.
-- New months are added by ensure_month_partitions() below, called by the server and workers at
-- start and by the daily maintenance job (server/src/infra/db/partitions.ts).

-- Copies a partitioned table's statement-level TRUNCATE triggers onto one of its partitions: row
-- triggers are cloned by PostgreSQL, statement triggers are not, and `TRUNCATE <partition>` would
-- otherwise bypass the parent's (audit_log's append-only guard).
CREATE FUNCTION copy_truncate_triggers(parent regclass, part regclass) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  t record;
BEGIN
  FOR t IN
    SELECT tgname, tgfoid::regproc AS fn, (tgtype & 2) <> 0 AS before FROM pg_trigger
    WHERE tgrelid = parent AND NOT tgisinternal AND tgnargs = 0
      AND (tgtype & 1) = 0 AND (tgtype & 32) <> 0
  LOOP
    IF NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgrelid = part AND tgname = t.tgname) THEN
      EXECUTE format('CREATE TRIGGER %I %s TRUNCATE ON %s FOR EACH STATEMENT EXECUTE FUNCTION %s()',
        t.tgname, CASE WHEN t.before THEN 'BEFORE' ELSE 'AFTER' END, part, t.fn);
    END IF;
  END LOOP;
END;
$$;--> statement-breakpoint
-- Creates the partition of `parent` for the China-time month holding `for_month` (named
-- <parent>_pYYYY_MM) unless it exists; true when it created it. Two callers at once are
-- serialized by an advisory lock per table. Rows already in the DEFAULT partition for that month
-- (PostgreSQL refuses to create a partition they would belong to) are moved: the DEFAULT
-- partition is detached, a new empty one created with the month's partition, and the old one's
-- rows are inserted again through the parent (each lands in its partition) before it is dropped.
-- Rows are copied whole (ids, xids, times): nothing is deleted, so the append-only guard holds.
CREATE FUNCTION ensure_month_partition(parent regclass, for_month date) RETURNS boolean LANGUAGE plpgsql AS $$
DECLARE
  month_start date := date_trunc('month', for_month::timestamp)::date;
  lo timestamptz := month_start::timestamp AT TIME ZONE 'Asia/Shanghai';
  hi timestamptz := (month_start + interval '1 month')::timestamp AT TIME ZONE 'Asia/Shanghai';
  nsp text;
  base text;
  part text;
  keycol text;
  cols text;
  def oid;
  def_name text;
  must_move boolean := false;
  idx record;
BEGIN
  SELECT n.nspname, c.relname INTO nsp, base
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = parent;
  part := format('%s_p%s', base, to_char(month_start, 'YYYY_MM'));
  IF to_regclass(format('%I.%I', nsp, part)) IS NOT NULL THEN
    RETURN false;
  END IF;
  PERFORM pg_advisory_xact_lock(712346, hashtext(nsp || '.' || base));
  -- Checked again in pg_class with this statement's snapshot, taken after the lock: a partition
  -- that the previous holder committed is seen (a cached name lookup might not be).
  IF EXISTS (SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = nsp AND c.relname = part) THEN
    RETURN false;
  END IF;
  -- Taken first, in the order the partition's creation needs it (parent, then DEFAULT): no
  -- insert can slip a row of this month into DEFAULT between the check and the creation.
  EXECUTE format('LOCK TABLE %s IN ACCESS EXCLUSIVE MODE', parent);

  SELECT a.attname INTO keycol
  FROM pg_partitioned_table p JOIN pg_attribute a ON a.attrelid = p.partrelid AND a.attnum = p.partattrs[0]
  WHERE p.partrelid = parent;
  SELECT c.oid, c.relname INTO def, def_name
  FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
  WHERE i.inhparent = parent AND pg_get_expr(c.relpartbound, c.oid) = 'DEFAULT';
  IF def IS NOT NULL THEN
    EXECUTE format('SELECT EXISTS (SELECT 1 FROM %s WHERE %I >= $1 AND %I < $2)', def::regclass, keycol, keycol)
      INTO must_move USING lo, hi;
  END IF;

  IF must_move THEN
    EXECUTE format('ALTER TABLE %s DETACH PARTITION %s', parent, def::regclass);
    EXECUTE format('ALTER TABLE %s RENAME TO %I', def::regclass, def_name || '_moving');
    -- Its indexes too, so the new DEFAULT partition's indexes get the usual names.
    FOR idx IN SELECT indexrelid FROM pg_index WHERE indrelid = def LOOP
      EXECUTE format('ALTER INDEX %s RENAME TO %I', idx.indexrelid::regclass, 'moving_' || idx.indexrelid);
    END LOOP;
    EXECUTE format('CREATE TABLE %I.%I PARTITION OF %s DEFAULT', nsp, def_name, parent);
    PERFORM copy_truncate_triggers(parent, format('%I.%I', nsp, def_name)::regclass);
  END IF;
  EXECUTE format('CREATE TABLE %I.%I PARTITION OF %s FOR VALUES FROM (%L) TO (%L)', nsp, part, parent, lo, hi);
  PERFORM copy_truncate_triggers(parent, format('%I.%I', nsp, part)::regclass);
  IF must_move THEN
    SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum) INTO cols
    FROM pg_attribute WHERE attrelid = parent AND attnum > 0 AND NOT attisdropped;
    EXECUTE format('INSERT INTO %s (%s) SELECT %s FROM %I.%I', parent, cols, cols, nsp, def_name || '_moving');
    EXECUTE format('DROP TABLE %I.%I', nsp, def_name || '_moving');
  END IF;
  RETURN true;
END;
$$;--> statement-breakpoint
-- Every month from `from_month` to `to_month` (inclusive); returns how many partitions it created.
CREATE FUNCTION ensure_month_partitions(parent regclass, from_month date, to_month date) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
  m date;
  created integer := 0;
BEGIN
  FOR m IN
    SELECT g::date FROM generate_series(date_trunc('month', from_month::timestamp), date_trunc('month', to_month::timestamp), interval '1 month') g
  LOOP
    IF ensure_month_partition(parent, m) THEN
      created := created + 1;
    END IF;
  END LOOP;
  RETURN created;
END;
$$;--> statement-breakpoint

-- ticket_events: rename the old table, create the partitioned one, copy, drop the old one.
ALTER TABLE "ticket_events" RENAME TO "ticket_events_unpartitioned";--> statement-breakpoint
DROP INDEX "ticket_events_ticket_idx";--> statement-breakpoint
DROP INDEX "ticket_events_type_created_idx";--> statement-breakpoint
DROP INDEX "ticket_events_xid_idx";--> statement-breakpoint
DROP INDEX "ticket_events_kpi_unit_idx";--> statement-breakpoint
-- Dropping the old table would drop the sequence its column owns: the new table takes it over.
ALTER SEQUENCE "ticket_events_id_seq" OWNED BY NONE;--> statement-breakpoint
CREATE TABLE "ticket_events" (
	"id" bigint DEFAULT nextval('"ticket_events_id_seq"'::regclass) NOT NULL,
	"ticket_id" uuid NOT NULL,
	"type" text NOT NULL,
	"actor_id" uuid,
	"actor_name" text,
	"actor_role" text,
	"unit_id" uuid,
	"from_status" text,
	"to_status" text,
	"payload" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"xid" "xid8" DEFAULT pg_current_xact_id() NOT NULL,
	CONSTRAINT "ticket_events_id_created_at_pk" PRIMARY KEY("id","created_at")
) PARTITION BY RANGE ("created_at");--> statement-breakpoint
ALTER SEQUENCE "ticket_events_id_seq" OWNED BY "ticket_events"."id";--> statement-breakpoint
CREATE TABLE "ticket_events_default" PARTITION OF "ticket_events" DEFAULT;--> statement-breakpoint
SELECT ensure_month_partition('ticket_events', m)
FROM (SELECT DISTINCT date_trunc('month', created_at AT TIME ZONE 'Asia/Shanghai')::date AS m FROM "ticket_events_unpartitioned") x
ORDER BY m;--> statement-breakpoint
SELECT ensure_month_partitions('ticket_events', (now() AT TIME ZONE 'Asia/Shanghai')::date, ((now() AT TIME ZONE 'Asia/Shanghai') + interval '3 months')::date);--> statement-breakpoint
INSERT INTO "ticket_events" ("id", "ticket_id", "type", "actor_id", "actor_name", "actor_role", "unit_id", "from_status", "to_status", "payload", "created_at", "xid")
SELECT "id", "ticket_id", "type", "actor_id", "actor_name", "actor_role", "unit_id", "from_status", "to_status", "payload", "created_at", "xid"
FROM "ticket_events_unpartitioned";--> statement-breakpoint
DROP TABLE "ticket_events_unpartitioned";--> statement-breakpoint
-- The sequence was never reset, so it is already past every id; this only guards a hand-edited one.
SELECT setval('"ticket_events_id_seq"', m.id)
FROM (SELECT max("id") AS id FROM "ticket_events") m
WHERE m.id > (SELECT last_value FROM "ticket_events_id_seq");--> statement-breakpoint
CREATE INDEX "ticket_events_ticket_idx" ON "ticket_events" USING btree ("ticket_id","id");--> statement-breakpoint
CREATE INDEX "ticket_events_type_created_idx" ON "ticket_events" USING btree ("type","created_at");--> statement-breakpoint
CREATE INDEX "ticket_events_xid_idx" ON "ticket_events" USING btree ("xid");--> statement-breakpoint
CREATE INDEX "ticket_events_kpi_unit_idx" ON "ticket_events" USING btree ((case when type in ('ticket.callback_recorded', 'ticket.poll_answered') then nullif(payload->>'leadUnitId', '')::uuid else unit_id end),"type","created_at");--> statement-breakpoint
ALTER TABLE "ticket_events" ADD CONSTRAINT "ticket_events_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint

-- audit_log: the same, and its append-only guard again (row triggers are cloned onto every
-- partition by PostgreSQL; the TRUNCATE one is copied by ensure_month_partition).
ALTER TABLE "audit_log" RENAME TO "audit_log_unpartitioned";--> statement-breakpoint
DROP INDEX "audit_log_at_idx";--> statement-breakpoint
DROP INDEX "audit_log_actor_idx";--> statement-breakpoint
DROP INDEX "audit_log_subject_idx";--> statement-breakpoint
DROP INDEX "audit_log_ticket_no_idx";--> statement-breakpoint
DROP INDEX "audit_log_action_idx";--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_id" uuid,
	"actor_username" text NOT NULL,
	"actor_role" text NOT NULL,
	"actor_unit_id" uuid,
	"action" text NOT NULL,
	"subject_type" text NOT NULL,
	"subject_id" text NOT NULL,
	"ticket_no" text,
	"ip" text,
	"user_agent" text,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	CONSTRAINT "audit_log_id_at_pk" PRIMARY KEY("id","at")
) PARTITION BY RANGE ("at");--> statement-breakpoint
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON "audit_log" FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();--> statement-breakpoint
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON "audit_log" FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();--> statement-breakpoint
CREATE TABLE "audit_log_default" PARTITION OF "audit_log" DEFAULT;--> statement-breakpoint
SELECT copy_truncate_triggers('audit_log', 'audit_log_default');--> statement-breakpoint
SELECT ensure_month_partition('audit_log', m)
FROM (SELECT DISTINCT date_trunc('month', "at" AT TIME ZONE 'Asia/Shanghai')::date AS m FROM "audit_log_unpartitioned") x
ORDER BY m;--> statement-breakpoint
SELECT ensure_month_partitions('audit_log', (now() AT TIME ZONE 'Asia/Shanghai')::date, ((now() AT TIME ZONE 'Asia/Shanghai') + interval '3 months')::date);--> statement-breakpoint
INSERT INTO "audit_log" ("id", "at", "actor_id", "actor_username", "actor_role", "actor_unit_id", "action", "subject_type", "subject_id", "ticket_no", "ip", "user_agent", "details")
SELECT "id", "at", "actor_id", "actor_username", "actor_role", "actor_unit_id", "action", "subject_type", "subject_id", "ticket_no", "ip", "user_agent", "details"
FROM "audit_log_unpartitioned";--> statement-breakpoint
-- DROP TABLE is not refused by the old table's triggers (only UPDATE / DELETE / TRUNCATE are).
DROP TABLE "audit_log_unpartitioned";--> statement-breakpoint
CREATE INDEX "audit_log_at_idx" ON "audit_log" USING btree ("at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "audit_log_actor_idx" ON "audit_log" USING btree ("actor_username","at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "audit_log_subject_idx" ON "audit_log" USING btree ("subject_id","at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "audit_log_ticket_no_idx" ON "audit_log" USING btree ("ticket_no","at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "audit_log_action_idx" ON "audit_log" USING btree ("action","at" DESC NULLS LAST);
