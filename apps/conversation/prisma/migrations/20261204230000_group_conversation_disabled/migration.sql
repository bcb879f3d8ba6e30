-- AlterTable
ALTER TABLE "user_conversation" ADD COLUMN     "is_disabled" BOOLEAN NOT NULL DEFAULT false;
