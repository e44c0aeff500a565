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
ALTER TABLE "backtests" ADD CONSTRAINT "backtests_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "backtests" ADD CONSTRAINT "backtests_job_id_jobs_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."jobs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "backtests_owner_created_idx" ON "backtests" USING btree ("owner_id","created_at","id");