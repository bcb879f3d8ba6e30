-- CreateTable
CREATE TABLE "send_rate" (
    "key" VARCHAR(255) NOT NULL,
    "points" INTEGER NOT NULL DEFAULT 0,
    "expire" BIGINT,

    CONSTRAINT "send_rate_pkey" PRIMARY KEY ("key")
);
