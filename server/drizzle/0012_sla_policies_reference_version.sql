-- Lifecycle actions keep the SLA policies (and every unit's name and state) per reference version,
-- read in the statement that locks the ticket: a write to sla_policies moves it on too, so a
-- changed policy applies to the very next action (migration 0009 covers units, categories,
-- dispatch_rules and settings).
CREATE TRIGGER sla_policies_reference_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON sla_policies
  FOR EACH STATEMENT EXECUTE FUNCTION bump_reference_version();
