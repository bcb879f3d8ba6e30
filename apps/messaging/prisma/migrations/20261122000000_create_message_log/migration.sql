-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "conversation_counter" (
    "app_id" TEXT NOT NULL,
    "conversation_key" TEXT NOT NULL,
    "last_seq" BIGINT NOT NULL,

    CONSTRAINT "conversation_counter_pkey" PRIMARY KEY ("app_id","conversation_key")
);

-- CreateTable
CREATE TABLE "message" (
    "id" BIGSERIAL NOT NULL,
    "app_id" TEXT NOT NULL,
    "conversation_key" TEXT NOT NULL,
    "seq" BIGINT NOT NULL,
    "sender_user_id" TEXT NOT NULL,
    "local_message_id" TEXT NOT NULL,
    "conversation_type" INTEGER NOT NULL,
    "to_conversation_id" TEXT NOT NULL,
    "type" INTEGER NOT NULL,
    "sent_at" TIMESTAMPTZ(3) NOT NULL,
    "payload" BYTEA NOT NULL,

    CONSTRAINT "message_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "outbox_event" (
    "id" BIGSERIAL NOT NULL,
    "topic" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "payload" BYTEA NOT NULL,
    "headers" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "outbox_event_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "message_conversation_seq_key" ON "message"("app_id", "conversation_key", "seq");

-- CreateIndex
CREATE UNIQUE INDEX "message_idempotency_key" ON "message"("app_id", "sender_user_id", "local_message_id");

-- CreateIndex
CREATE INDEX "outbox_event_created_at_idx" ON "outbox_event"("created_at");

