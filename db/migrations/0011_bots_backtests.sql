CREATE TYPE "public"."bot_status" AS ENUM('stopped', 'running', 'paused');--> statement-breakpoint
CREATE TABLE "backtests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"owner_id" uuid NOT NULL,
	"job_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"strategy" text NOT NULL,
	"params" jsonb NOT NULL,
	"rank_by" text,
	"symbol" text NOT NULL,
	"interval" "candle_interval" NOT NULL,
	"from" timestamp with time zone NOT NULL,
	"to" timestamp with time zone NOT NULL,
	"initial_cash" numeric NOT NULL,
	"fee_bps" double precision NOT NULL,
	"slippage_bps" double precision NOT NULL,
	"bars" integer,
	"metrics" jsonb,
	"equity" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"trades" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"sweep_results" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "backtests_job_id_unique" UNIQUE("job_id")
);
--> statement-breakpoint
CREATE TABLE "bot_decisions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"bot_id" uuid NOT NULL,
	"bar_t" timestamp with time zone NOT NULL,
	"signal" text NOT NULL,
	"reason" text NOT NULL,
	"order_id" uuid,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bots" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"owner_id" uuid NOT NULL,
	"name" text NOT NULL,
	"strategy" text NOT NULL,
	"params" jsonb NOT NULL,
	"symbol" text NOT NULL,
	"interval" "candle_interval" NOT NULL,
	"budget" numeric NOT NULL,
	"limits" jsonb NOT NULL,
	"status" "bot_status" DEFAULT 'stopped' NOT NULL,
	"status_reason" text,
	"state" jsonb,
	"ledger" jsonb NOT NULL,
	"last_bar_t" timestamp with time zone,
	"rejections_in_row" integer DEFAULT 0 NOT NULL,
	"locked_by" text,
	"locked_until" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "backtests" ADD CONSTRAINT "backtests_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "backtests" ADD CONSTRAINT "backtests_job_id_jobs_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."jobs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bot_decisions" ADD CONSTRAINT "bot_decisions_bot_id_bots_id_fk" FOREIGN KEY ("bot_id") REFERENCES "public"."bots"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bots" ADD CONSTRAINT "bots_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "backtests_owner_created_idx" ON "backtests" USING btree ("owner_id","created_at","id");--> statement-breakpoint
CREATE INDEX "bot_decisions_bot_created_idx" ON "bot_decisions" USING btree ("bot_id","created_at","id");--> statement-breakpoint
CREATE INDEX "bots_owner_created_idx" ON "bots" USING btree ("owner_id","created_at","id");--> statement-breakpoint
CREATE INDEX "bots_status_idx" ON "bots" USING btree ("status");