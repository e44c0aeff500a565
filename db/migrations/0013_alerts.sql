CREATE TYPE "public"."alert_condition" AS ENUM('crosses_above', 'crosses_below', 'crosses', 'above', 'below', 'moves_up_pct', 'moves_down_pct', 'enters_channel', 'exits_channel');--> statement-breakpoint
CREATE TYPE "public"."alert_frequency" AS ENUM('once', 'once_per_bar', 'every_time');--> statement-breakpoint
CREATE TYPE "public"."alert_status" AS ENUM('active', 'paused', 'triggered', 'expired');--> statement-breakpoint
CREATE TABLE "alerts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"symbol" text NOT NULL,
	"condition" "alert_condition" NOT NULL,
	"value" numeric,
	"lower" numeric,
	"upper" numeric,
	"window_minutes" integer,
	"frequency" "alert_frequency" NOT NULL,
	"bar_interval" text,
	"cooldown_seconds" integer DEFAULT 0 NOT NULL,
	"expires_at" timestamp with time zone,
	"note" text DEFAULT '' NOT NULL,
	"status" "alert_status" DEFAULT 'active' NOT NULL,
	"last_price" numeric,
	"last_fired_at" timestamp (3) with time zone,
	"fire_count" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_symbol_assets_symbol_fk" FOREIGN KEY ("symbol") REFERENCES "public"."assets"("symbol") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "alerts_user_created_idx" ON "alerts" USING btree ("user_id","created_at","id");--> statement-breakpoint
CREATE INDEX "alerts_active_symbol_idx" ON "alerts" USING btree ("symbol") WHERE "alerts"."status" = 'active';