CREATE TYPE "public"."asset_kind" AS ENUM('crypto', 'meme', 'equity');--> statement-breakpoint
CREATE TABLE "assets" (
	"symbol" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"kind" "asset_kind" NOT NULL,
	"chain" text,
	"contract_address" text,
	"price_precision" integer NOT NULL,
	"qty_precision" integer NOT NULL,
	"base_price" numeric NOT NULL,
	"volatility" double precision NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
