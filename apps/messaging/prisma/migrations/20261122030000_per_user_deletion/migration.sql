
-- CreateTable
CREATE TABLE "message_deletion" (
    "app_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "message_id" BIGINT NOT NULL,

    CONSTRAINT "message_deletion_pkey" PRIMARY KEY ("app_id","user_id","message_id")
);

-- CreateTable
CREATE TABLE "conversation_clear" (
    "app_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "conversation_key" TEXT NOT NULL,
    "through_seq" BIGINT NOT NULL,

    CONSTRAINT "conversation_clear_pkey" PRIMARY KEY ("app_id","user_id","conversation_key")
);

