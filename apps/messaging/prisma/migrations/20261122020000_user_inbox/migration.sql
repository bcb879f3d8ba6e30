
-- CreateTable
CREATE TABLE "inbox_counter" (
    "app_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "last_seq" BIGINT NOT NULL,

    CONSTRAINT "inbox_counter_pkey" PRIMARY KEY ("app_id","user_id")
);

-- CreateTable
CREATE TABLE "inbox_entry" (
    "app_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "seq" BIGINT NOT NULL,
    "message_id" BIGINT NOT NULL,

    CONSTRAINT "inbox_entry_pkey" PRIMARY KEY ("app_id","user_id","seq")
);

-- CreateTable
CREATE TABLE "inbox_cursor" (
    "app_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "platform" INTEGER NOT NULL,
    "acked_seq" BIGINT NOT NULL,

    CONSTRAINT "inbox_cursor_pkey" PRIMARY KEY ("app_id","user_id","platform")
);

-- CreateIndex
CREATE UNIQUE INDEX "inbox_entry_message_key" ON "inbox_entry"("app_id", "user_id", "message_id");

