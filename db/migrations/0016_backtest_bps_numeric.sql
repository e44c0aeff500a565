ALTER TABLE "backtests" ALTER COLUMN "fee_bps" SET DATA TYPE numeric;--> statement-breakpoint
ALTER TABLE "backtests" ALTER COLUMN "slippage_bps" SET DATA TYPE numeric;