-- One active session per user and platform: a newer login on the same platform ends the older one.
ALTER TABLE "session" ADD COLUMN "platform" INTEGER NOT NULL DEFAULT 0;

DROP INDEX "session_app_id_user_id_idx";

CREATE INDEX "session_app_id_user_id_platform_idx" ON "session"("app_id", "user_id", "platform");
