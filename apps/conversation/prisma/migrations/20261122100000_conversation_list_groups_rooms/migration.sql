-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "user_conversation" (
    "app_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "conversation_key" TEXT NOT NULL,
    "conversation_id" TEXT NOT NULL,
    "conversation_type" INTEGER NOT NULL,
    "last_seq" BIGINT NOT NULL DEFAULT 0,
    "last_message" BYTEA,
    "order_key" BIGINT NOT NULL DEFAULT 0,
    "read_seq" BIGINT NOT NULL DEFAULT 0,
    "unread_count" INTEGER NOT NULL DEFAULT 0,
    "deleted_through_seq" BIGINT NOT NULL DEFAULT 0,
    "settings_version" BIGINT NOT NULL DEFAULT 0,
    "notification_status" INTEGER NOT NULL DEFAULT 1,
    "is_pinned" BOOLEAN NOT NULL DEFAULT false,
    "draft" TEXT NOT NULL DEFAULT '',

    CONSTRAINT "user_conversation_pkey" PRIMARY KEY ("app_id","user_id","conversation_key")
);

-- CreateTable
CREATE TABLE "unread_message" (
    "app_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "conversation_key" TEXT NOT NULL,
    "seq" BIGINT NOT NULL,
    "message_id" BIGINT NOT NULL,

    CONSTRAINT "unread_message_pkey" PRIMARY KEY ("app_id","user_id","conversation_key","seq")
);

-- CreateTable
CREATE TABLE "deleted_message" (
    "app_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "message_id" BIGINT NOT NULL,

    CONSTRAINT "deleted_message_pkey" PRIMARY KEY ("app_id","user_id","message_id")
);

-- CreateTable
CREATE TABLE "unread_total" (
    "app_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "total" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "unread_total_pkey" PRIMARY KEY ("app_id","user_id")
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

-- CreateTable
CREATE TABLE "group" (
    "app_id" TEXT NOT NULL,
    "group_id" TEXT NOT NULL,
    "group_name" TEXT NOT NULL,
    "owner_user_id" TEXT NOT NULL,
    "max_member_count" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "dismissed_at" TIMESTAMPTZ(3),

    CONSTRAINT "group_pkey" PRIMARY KEY ("app_id","group_id")
);

-- CreateTable
CREATE TABLE "group_member" (
    "id" BIGSERIAL NOT NULL,
    "app_id" TEXT NOT NULL,
    "group_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "role" INTEGER NOT NULL,
    "joined_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "group_member_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "room" (
    "app_id" TEXT NOT NULL,
    "room_id" TEXT NOT NULL,
    "room_name" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "room_pkey" PRIMARY KEY ("app_id","room_id")
);

-- CreateTable
CREATE TABLE "room_member" (
    "id" BIGSERIAL NOT NULL,
    "app_id" TEXT NOT NULL,
    "room_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "entered_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "room_member_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "user_conversation_app_id_user_id_is_pinned_order_key_idx" ON "user_conversation"("app_id", "user_id", "is_pinned", "order_key");

-- CreateIndex
CREATE INDEX "unread_message_app_id_user_id_message_id_idx" ON "unread_message"("app_id", "user_id", "message_id");

-- CreateIndex
CREATE INDEX "group_member_app_id_group_id_id_idx" ON "group_member"("app_id", "group_id", "id");

-- CreateIndex
CREATE UNIQUE INDEX "group_member_app_id_group_id_user_id_key" ON "group_member"("app_id", "group_id", "user_id");

-- CreateIndex
CREATE INDEX "room_member_app_id_room_id_id_idx" ON "room_member"("app_id", "room_id", "id");

-- CreateIndex
CREATE UNIQUE INDEX "room_member_app_id_room_id_user_id_key" ON "room_member"("app_id", "room_id", "user_id");

