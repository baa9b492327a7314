CREATE TABLE "kb_article_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"article_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"status" text NOT NULL,
	"title" text NOT NULL,
	"body_html" text NOT NULL,
	"category_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"effective_from" date NOT NULL,
	"expires_on" date,
	"proposed_by" uuid,
	"proposed_by_unit_id" uuid,
	"proposed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"reviewed_by" uuid,
	"reviewed_at" timestamp with time zone,
	"review_comment" text
);
--> statement-breakpoint
CREATE TABLE "kb_articles" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"status" text NOT NULL,
	"title" text NOT NULL,
	"body_html" text NOT NULL,
	"body_text" text NOT NULL,
	"search_terms" text DEFAULT '' NOT NULL,
	"category_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"owner_unit_id" uuid NOT NULL,
	"effective_from" date NOT NULL,
	"expires_on" date,
	"version" integer DEFAULT 1 NOT NULL,
	"usage_count" integer DEFAULT 0 NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "kb_usage" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"article_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"user_id" uuid,
	"ticket_id" uuid,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "assignments" ADD COLUMN "draft_reply_content" text;--> statement-breakpoint
ALTER TABLE "assignments" ADD COLUMN "draft_reply_solved" boolean;--> statement-breakpoint
ALTER TABLE "assignments" ADD COLUMN "draft_submitted_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "assignments" ADD COLUMN "draft_submitted_by" uuid;--> statement-breakpoint
ALTER TABLE "units" ADD COLUMN "reply_signoff" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "kb_article_versions" ADD CONSTRAINT "kb_article_versions_article_id_kb_articles_id_fk" FOREIGN KEY ("article_id") REFERENCES "public"."kb_articles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kb_article_versions" ADD CONSTRAINT "kb_article_versions_proposed_by_users_id_fk" FOREIGN KEY ("proposed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kb_article_versions" ADD CONSTRAINT "kb_article_versions_proposed_by_unit_id_units_id_fk" FOREIGN KEY ("proposed_by_unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kb_article_versions" ADD CONSTRAINT "kb_article_versions_reviewed_by_users_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kb_articles" ADD CONSTRAINT "kb_articles_owner_unit_id_units_id_fk" FOREIGN KEY ("owner_unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kb_articles" ADD CONSTRAINT "kb_articles_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kb_usage" ADD CONSTRAINT "kb_usage_article_id_kb_articles_id_fk" FOREIGN KEY ("article_id") REFERENCES "public"."kb_articles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kb_usage" ADD CONSTRAINT "kb_usage_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kb_usage" ADD CONSTRAINT "kb_usage_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "kb_article_versions_article_version_uq" ON "kb_article_versions" USING btree ("article_id","version");--> statement-breakpoint
CREATE INDEX "kb_article_versions_status_idx" ON "kb_article_versions" USING btree ("status");--> statement-breakpoint
CREATE INDEX "kb_articles_search_idx" ON "kb_articles" USING gin (to_tsvector('simple', "search_terms"));--> statement-breakpoint
CREATE INDEX "kb_articles_title_trgm_idx" ON "kb_articles" USING gin ("title" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "kb_articles_owner_idx" ON "kb_articles" USING btree ("owner_unit_id");--> statement-breakpoint
CREATE INDEX "kb_usage_article_idx" ON "kb_usage" USING btree ("article_id","at");--> statement-breakpoint
ALTER TABLE "assignments" ADD CONSTRAINT "assignments_draft_submitted_by_users_id_fk" FOREIGN KEY ("draft_submitted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "deadlines_assignment_active_idx" ON "ticket_deadlines" USING btree ("assignment_id") WHERE "ticket_deadlines"."status" = 'active';--> statement-breakpoint
CREATE INDEX "tickets_open_created_idx" ON "tickets" USING btree ("created_at" DESC NULLS LAST,"id" DESC NULLS LAST) WHERE "tickets"."status" not in ('closed','merged');--> statement-breakpoint
CREATE INDEX "tickets_open_due_idx" ON "tickets" USING btree (coalesce("due_at", 'infinity'::timestamptz),"id") WHERE "tickets"."status" not in ('closed','merged');--> statement-breakpoint
CREATE INDEX "tickets_closed_created_idx" ON "tickets" USING btree ("created_at" DESC NULLS LAST,"id" DESC NULLS LAST) WHERE "tickets"."status" = 'closed';--> statement-breakpoint
CREATE INDEX "tickets_to_dispatch_idx" ON "tickets" USING btree ("created_at","id") WHERE "tickets"."status" = 'registered';--> statement-breakpoint
CREATE INDEX "tickets_extension_pending_idx" ON "tickets" USING btree ("created_at","id") WHERE "tickets"."extension_pending";--> statement-breakpoint
CREATE INDEX "tickets_callback_due_idx" ON "tickets" USING btree (coalesce("resolved_at", "created_at"),"id") WHERE "tickets"."status" = 'resolved' and "tickets"."callback_done" = false;