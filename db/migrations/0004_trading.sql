CREATE TYPE "public"."cash_movement_kind" AS ENUM('deposit', 'reset', 'buy', 'sell', 'fee');--> statement-breakpoint
CREATE TYPE "public"."halt_source" AS ENUM('manual', 'circuit_breaker');--> statement-breakpoint
CREATE TYPE "public"."order_side" AS ENUM('buy', 'sell');--> statement-breakpoint
CREATE TYPE "public"."order_status" AS ENUM('new', 'partially_filled', 'filled', 'canceled', 'rejected', 'expired');--> statement-breakpoint
CREATE TYPE "public"."order_type" AS ENUM('market', 'limit', 'stop', 'stop_limit');--> statement-breakpoint
CREATE TYPE "public"."time_in_force" AS ENUM('gtc', 'day', 'ioc', 'fok');--> statement-breakpoint
CREATE TABLE "cash_movements" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"account_id" uuid NOT NULL,
	"kind" "cash_movement_kind" NOT NULL,
	"amount" numeric NOT NULL,
	"balance_after" numeric NOT NULL,
	"fill_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "equity_snapshots" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"account_id" uuid NOT NULL,
	"ts" timestamp with time zone NOT NULL,
	"cash" numeric NOT NULL,
	"positions_value" numeric NOT NULL,
	"equity" numeric NOT NULL,
	"reason" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "fills" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"order_id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	"symbol" text NOT NULL,
	"side" "order_side" NOT NULL,
	"qty" numeric NOT NULL,
	"price" numeric NOT NULL,
	"market_price" numeric NOT NULL,
	"notional" numeric NOT NULL,
	"fee" numeric NOT NULL,
	"realized_pnl" numeric DEFAULT '0' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "orders" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"account_id" uuid NOT NULL,
	"client_order_id" text,
	"request_hash" text NOT NULL,
	"symbol" text NOT NULL,
	"side" "order_side" NOT NULL,
	"type" "order_type" NOT NULL,
	"time_in_force" time_in_force NOT NULL,
	"qty" numeric NOT NULL,
	"limit_price" numeric,
	"stop_price" numeric,
	"status" "order_status" DEFAULT 'new' NOT NULL,
	"filled_qty" numeric DEFAULT '0' NOT NULL,
	"filled_notional" numeric DEFAULT '0' NOT NULL,
	"avg_fill_price" numeric,
	"reserved_cash" numeric DEFAULT '0' NOT NULL,
	"triggered_at" timestamp with time zone,
	"last_fill_tick_ts" bigint,
	"reason" text,
	"reason_message" text,
	"expires_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "paper_accounts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"currency" text DEFAULT 'USD' NOT NULL,
	"initial_cash" numeric NOT NULL,
	"cash" numeric NOT NULL,
	"reserved_cash" numeric DEFAULT '0' NOT NULL,
	"realized_pnl" numeric DEFAULT '0' NOT NULL,
	"fees_paid" numeric DEFAULT '0' NOT NULL,
	"day_pnl_date" text,
	"day_pnl" numeric DEFAULT '0' NOT NULL,
	"max_order_notional" numeric NOT NULL,
	"max_position_notional" numeric NOT NULL,
	"daily_loss_limit" numeric NOT NULL,
	"kill_switch" boolean DEFAULT false NOT NULL,
	"reset_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "paper_accounts_cash_nonnegative" CHECK ("paper_accounts"."cash" >= 0),
	CONSTRAINT "paper_accounts_reserved_nonnegative" CHECK ("paper_accounts"."reserved_cash" >= 0)
);
--> statement-breakpoint
CREATE TABLE "positions" (
	"account_id" uuid NOT NULL,
	"symbol" text NOT NULL,
	"qty" numeric DEFAULT '0' NOT NULL,
	"reserved_qty" numeric DEFAULT '0' NOT NULL,
	"cost_basis" numeric DEFAULT '0' NOT NULL,
	"avg_entry" numeric DEFAULT '0' NOT NULL,
	"realized_pnl" numeric DEFAULT '0' NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "positions_account_id_symbol_pk" PRIMARY KEY("account_id","symbol"),
	CONSTRAINT "positions_qty_nonnegative" CHECK ("positions"."qty" >= 0 and "positions"."reserved_qty" >= 0)
);
--> statement-breakpoint
CREATE TABLE "symbol_halts" (
	"symbol" text PRIMARY KEY NOT NULL,
	"source" "halt_source" NOT NULL,
	"reason" text NOT NULL,
	"halted_by" uuid,
	"halted_at" timestamp with time zone NOT NULL,
	"until" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "cash_movements" ADD CONSTRAINT "cash_movements_account_id_paper_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."paper_accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cash_movements" ADD CONSTRAINT "cash_movements_fill_id_fills_id_fk" FOREIGN KEY ("fill_id") REFERENCES "public"."fills"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "equity_snapshots" ADD CONSTRAINT "equity_snapshots_account_id_paper_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."paper_accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fills" ADD CONSTRAINT "fills_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fills" ADD CONSTRAINT "fills_account_id_paper_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."paper_accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_account_id_paper_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."paper_accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_symbol_assets_symbol_fk" FOREIGN KEY ("symbol") REFERENCES "public"."assets"("symbol") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "paper_accounts" ADD CONSTRAINT "paper_accounts_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "positions" ADD CONSTRAINT "positions_account_id_paper_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."paper_accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "positions" ADD CONSTRAINT "positions_symbol_assets_symbol_fk" FOREIGN KEY ("symbol") REFERENCES "public"."assets"("symbol") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "symbol_halts" ADD CONSTRAINT "symbol_halts_symbol_assets_symbol_fk" FOREIGN KEY ("symbol") REFERENCES "public"."assets"("symbol") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "symbol_halts" ADD CONSTRAINT "symbol_halts_halted_by_users_id_fk" FOREIGN KEY ("halted_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "cash_movements_account_created_idx" ON "cash_movements" USING btree ("account_id","created_at");--> statement-breakpoint
CREATE INDEX "equity_snapshots_account_ts_idx" ON "equity_snapshots" USING btree ("account_id","ts");--> statement-breakpoint
CREATE INDEX "fills_account_created_idx" ON "fills" USING btree ("account_id","created_at","id");--> statement-breakpoint
CREATE INDEX "fills_order_idx" ON "fills" USING btree ("order_id");--> statement-breakpoint
CREATE UNIQUE INDEX "orders_account_client_order_id_key" ON "orders" USING btree ("account_id","client_order_id");--> statement-breakpoint
CREATE INDEX "orders_account_created_idx" ON "orders" USING btree ("account_id","created_at","id");--> statement-breakpoint
CREATE INDEX "orders_open_idx" ON "orders" USING btree ("status","expires_at") WHERE status in ('new', 'partially_filled');--> statement-breakpoint
CREATE UNIQUE INDEX "paper_accounts_user_id_key" ON "paper_accounts" USING btree ("user_id");