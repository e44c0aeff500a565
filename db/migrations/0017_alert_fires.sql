CREATE TABLE "alert_fires" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"alert_id" uuid NOT NULL,
	"price" numeric NOT NULL,
	"previous" numeric,
	"fired_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "alert_fires" ADD CONSTRAINT "alert_fires_alert_id_alerts_id_fk" FOREIGN KEY ("alert_id") REFERENCES "public"."alerts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "alert_fires_alert_fired_idx" ON "alert_fires" USING btree ("alert_id","fired_at","id");