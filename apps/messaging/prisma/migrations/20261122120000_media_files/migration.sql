-- AlterTable
ALTER TABLE "message" ADD COLUMN     "file_uid" TEXT;

-- CreateTable
CREATE TABLE "media_file" (
    "app_id" TEXT NOT NULL,
    "file_uid" TEXT NOT NULL,
    "image_width" INTEGER NOT NULL,
    "image_height" INTEGER NOT NULL,
    "thumbnail_ready" BOOLEAN NOT NULL,
    "large_image_ready" BOOLEAN NOT NULL,

    CONSTRAINT "media_file_pkey" PRIMARY KEY ("app_id","file_uid")
);

-- CreateIndex
CREATE INDEX "message_app_id_file_uid_idx" ON "message"("app_id", "file_uid");

