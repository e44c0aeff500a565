CREATE TABLE "forecast_model_cards" (
	"symbol" text NOT NULL,
	"interval" "candle_interval" NOT NULL,
	"point_model" text NOT NULL,
	"vol_model" text NOT NULL,
	"origins" integer NOT NULL,
	"card" jsonb NOT NULL,
	"history_end" timestamp with time zone NOT NULL,
	"evaluated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "forecast_model_cards_symbol_interval_pk" PRIMARY KEY("symbol","interval")
);
--> statement-breakpoint
ALTER TABLE "forecast_model_cards" ADD CONSTRAINT "forecast_model_cards_symbol_assets_symbol_fk" FOREIGN KEY ("symbol") REFERENCES "public"."assets"("symbol") ON DELETE cascade ON UPDATE no action;