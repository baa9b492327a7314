CREATE TABLE "reference_version" (
	"id" boolean PRIMARY KEY DEFAULT true NOT NULL,
	"version" bigint DEFAULT 1 NOT NULL,
	CONSTRAINT "reference_version_one_row" CHECK ("reference_version"."id")
);
--> statement-breakpoint
INSERT INTO "reference_version" ("id", "version") VALUES (true, 1);
--> statement-breakpoint
-- Any write to the reference data the router reads moves the number on, in the writer's own
-- transaction: a reader that sees the new number sees the new data.
CREATE FUNCTION bump_reference_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE reference_version SET version = version + 1;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER units_reference_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON units
  FOR EACH STATEMENT EXECUTE FUNCTION bump_reference_version();
--> statement-breakpoint
CREATE TRIGGER categories_reference_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON categories
  FOR EACH STATEMENT EXECUTE FUNCTION bump_reference_version();
--> statement-breakpoint
CREATE TRIGGER dispatch_rules_reference_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON dispatch_rules
  FOR EACH STATEMENT EXECUTE FUNCTION bump_reference_version();
--> statement-breakpoint
CREATE TRIGGER settings_reference_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON settings
  FOR EACH STATEMENT EXECUTE FUNCTION bump_reference_version();
