CREATE TABLE "assessment_results" (
	"scheme_id" uuid NOT NULL,
	"period" text NOT NULL,
	"unit_id" uuid NOT NULL,
	"tier" text NOT NULL,
	"score" double precision,
	"rank" integer,
	"list" text,
	"breakdown" jsonb NOT NULL,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "assessment_results_scheme_id_period_unit_id_pk" PRIMARY KEY("scheme_id","period","unit_id")
);
--> statement-breakpoint
CREATE TABLE "assessment_schemes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"config" jsonb NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hot_topic_alerts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"topic_key" text NOT NULL,
	"window" text NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"label" text NOT NULL,
	"dimensions" jsonb NOT NULL,
	"count" integer NOT NULL,
	"baseline" double precision NOT NULL,
	"statistic" text NOT NULL,
	"score" double precision NOT NULL,
	"threshold" double precision NOT NULL,
	"ticket_ids" uuid[] NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"raised_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "kpi_call_daily" (
	"day" date NOT NULL,
	"queue" text NOT NULL,
	"offered" integer DEFAULT 0 NOT NULL,
	"answered" integer DEFAULT 0 NOT NULL,
	"abandoned" integer DEFAULT 0 NOT NULL,
	"wait_seconds" bigint DEFAULT 0 NOT NULL,
	"talk_seconds" bigint DEFAULT 0 NOT NULL,
	"three_way" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "kpi_call_daily_day_queue_pk" PRIMARY KEY("day","queue")
);
--> statement-breakpoint
CREATE TABLE "kpi_channel_daily" (
	"day" date NOT NULL,
	"line" text NOT NULL,
	"channel" text NOT NULL,
	"tickets" integer DEFAULT 0 NOT NULL,
	"answered_on_spot" integer DEFAULT 0 NOT NULL,
	"repeat_callers" integer DEFAULT 0 NOT NULL,
	"dq_complete" integer DEFAULT 0 NOT NULL,
	"dq_timely" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "kpi_channel_daily_day_line_channel_pk" PRIMARY KEY("day","line","channel")
);
--> statement-breakpoint
CREATE TABLE "kpi_unit_daily" (
	"day" date NOT NULL,
	"unit_id" uuid NOT NULL,
	"received" integer DEFAULT 0 NOT NULL,
	"repeat_received" integer DEFAULT 0 NOT NULL,
	"signed" integer DEFAULT 0 NOT NULL,
	"signed_on_time" integer DEFAULT 0 NOT NULL,
	"replied" integer DEFAULT 0 NOT NULL,
	"replied_on_time" integer DEFAULT 0 NOT NULL,
	"solved" integer DEFAULT 0 NOT NULL,
	"handle_seconds" bigint DEFAULT 0 NOT NULL,
	"returned" integer DEFAULT 0 NOT NULL,
	"redone" integer DEFAULT 0 NOT NULL,
	"extension_requested" integer DEFAULT 0 NOT NULL,
	"extension_approved" integer DEFAULT 0 NOT NULL,
	"rated" integer DEFAULT 0 NOT NULL,
	"satisfied" integer DEFAULT 0 NOT NULL,
	"basically_satisfied" integer DEFAULT 0 NOT NULL,
	"unsatisfied" integer DEFAULT 0 NOT NULL,
	"resolved_rated" integer DEFAULT 0 NOT NULL,
	"supervised_yellow" integer DEFAULT 0 NOT NULL,
	"supervised_red" integer DEFAULT 0 NOT NULL,
	"breached_sign" integer DEFAULT 0 NOT NULL,
	"breached_reply" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "kpi_unit_daily_day_unit_id_pk" PRIMARY KEY("day","unit_id")
);
--> statement-breakpoint
CREATE TABLE "rollup_cursors" (
	"name" text PRIMARY KEY NOT NULL,
	"horizon" "xid8" NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "call_records" ADD COLUMN "updated_xid" "xid8" DEFAULT pg_current_xact_id() NOT NULL;--> statement-breakpoint
ALTER TABLE "ticket_events" ADD COLUMN "xid" "xid8" DEFAULT pg_current_xact_id() NOT NULL;--> statement-breakpoint
ALTER TABLE "assessment_results" ADD CONSTRAINT "assessment_results_scheme_id_assessment_schemes_id_fk" FOREIGN KEY ("scheme_id") REFERENCES "public"."assessment_schemes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_results" ADD CONSTRAINT "assessment_results_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_schemes" ADD CONSTRAINT "assessment_schemes_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "assessment_results_period_idx" ON "assessment_results" USING btree ("period","scheme_id");--> statement-breakpoint
CREATE UNIQUE INDEX "hot_topic_alerts_topic_window_uq" ON "hot_topic_alerts" USING btree ("topic_key","window","window_start");--> statement-breakpoint
CREATE INDEX "hot_topic_alerts_raised_idx" ON "hot_topic_alerts" USING btree ("raised_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "kpi_unit_daily_unit_day_idx" ON "kpi_unit_daily" USING btree ("unit_id","day");--> statement-breakpoint
CREATE INDEX "call_records_updated_xid_idx" ON "call_records" USING btree ("updated_xid");--> statement-breakpoint
CREATE INDEX "ticket_events_xid_idx" ON "ticket_events" USING btree ("xid");