
-- CreateTable
CREATE TABLE "room_member" (
    "app_id" TEXT NOT NULL,
    "room_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,

    CONSTRAINT "room_member_pkey" PRIMARY KEY ("app_id","room_id","user_id")
);

