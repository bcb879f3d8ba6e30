-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "upload" (
    "id" TEXT NOT NULL,
    "app_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "file_name" TEXT NOT NULL,
    "message_type" INTEGER NOT NULL,
    "file_size" BIGINT NOT NULL,
    "sha256" TEXT NOT NULL DEFAULT '',
    "object_key" TEXT NOT NULL,
    "s3_upload_id" TEXT NOT NULL,
    "committed_offset" BIGINT NOT NULL DEFAULT 0,
    "parts_offset" BIGINT NOT NULL DEFAULT 0,
    "parts" JSONB NOT NULL DEFAULT '[]',
    "resent_bytes" BIGINT NOT NULL DEFAULT 0,
    "file_uid" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "upload_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "upload_chunk" (
    "upload_id" TEXT NOT NULL,
    "offset" BIGINT NOT NULL,
    "data" BYTEA NOT NULL,

    CONSTRAINT "upload_chunk_pkey" PRIMARY KEY ("upload_id","offset")
);

-- CreateTable
CREATE TABLE "stored_file" (
    "file_uid" TEXT NOT NULL,
    "app_id" TEXT NOT NULL,
    "owner_user_id" TEXT NOT NULL,
    "object_key" TEXT NOT NULL,
    "file_name" TEXT NOT NULL,
    "message_type" INTEGER NOT NULL,
    "file_size" BIGINT NOT NULL,
    "sha256" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "stored_file_pkey" PRIMARY KEY ("file_uid")
);

-- CreateTable
CREATE TABLE "file_viewer" (
    "app_id" TEXT NOT NULL,
    "file_uid" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,

    CONSTRAINT "file_viewer_pkey" PRIMARY KEY ("app_id","file_uid","user_id")
);

-- CreateIndex
CREATE INDEX "upload_expires_at_idx" ON "upload"("expires_at");

-- CreateIndex
CREATE UNIQUE INDEX "stored_file_content_key" ON "stored_file"("app_id", "sha256", "file_size");

