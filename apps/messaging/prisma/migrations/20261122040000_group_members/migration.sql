
-- CreateTable
CREATE TABLE "group_member" (
    "app_id" TEXT NOT NULL,
    "group_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,

    CONSTRAINT "group_member_pkey" PRIMARY KEY ("app_id","group_id","user_id")
);

