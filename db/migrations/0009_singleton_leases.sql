CREATE TABLE "singleton_leases" (
	"name" text PRIMARY KEY NOT NULL,
	"holder" text NOT NULL,
	"fence" bigint DEFAULT 1 NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
