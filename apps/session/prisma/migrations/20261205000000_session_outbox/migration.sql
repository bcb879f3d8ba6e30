-- Session's events (SessionEnded, SessionRenewed) leave through an outbox written in the same
-- transaction as the session change: a crash right after a logout's commit no longer loses the
-- revocation (the relay publishes the row when the service is back).
CREATE TABLE "outbox_event" (
    "id" BIGSERIAL NOT NULL,
    "topic" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "payload" BYTEA NOT NULL,
    "headers" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "outbox_event_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "outbox_event_created_at_idx" ON "outbox_event"("created_at");
