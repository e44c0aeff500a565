CREATE TYPE "public"."candle_interval" AS ENUM('1m', '5m', '1h', '1d');--> statement-breakpoint
CREATE TABLE "candles" (
	"symbol" text NOT NULL,
	"interval" "candle_interval" NOT NULL,
	"bucket" timestamp with time zone NOT NULL,
	"open" numeric NOT NULL,
	"high" numeric NOT NULL,
	"low" numeric NOT NULL,
	"close" numeric NOT NULL,
	"volume" numeric NOT NULL,
	"trades" integer NOT NULL,
	"open_ts" timestamp (3) with time zone NOT NULL,
	"close_ts" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "candles_symbol_interval_bucket_pk" PRIMARY KEY("symbol","interval","bucket")
);
--> statement-breakpoint
CREATE TABLE "ticks" (
	"symbol" text NOT NULL,
	"ts" timestamp (3) with time zone NOT NULL,
	"price" numeric NOT NULL,
	"volume" numeric NOT NULL
);
--> statement-breakpoint
CREATE INDEX "ticks_symbol_ts_idx" ON "ticks" USING btree ("symbol","ts");--> statement-breakpoint
CREATE INDEX "ticks_ts_idx" ON "ticks" USING btree ("ts");--> statement-breakpoint
CREATE INDEX "assets_symbol_trgm_idx" ON "assets" USING gin ("symbol" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "assets_name_trgm_idx" ON "assets" USING gin ("name" gin_trgm_ops);