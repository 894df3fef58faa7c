-- 0029 (issue 22 §10): notifications reach people's browsers and phones as Web Push messages — the devices that asked
-- for them, the installation's VAPID key pair, and when each notification was pushed.

CREATE TABLE "PushKeys" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_PushKeys" PRIMARY KEY,
    "PublicKey" TEXT NOT NULL,
    "PrivateKey" TEXT NOT NULL,
    "CreatedAt" INTEGER NOT NULL
);

CREATE TABLE "PushDevices" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_PushDevices" PRIMARY KEY,
    "UserId" TEXT NOT NULL,
    "Endpoint" TEXT NOT NULL,
    "P256dh" TEXT NOT NULL,
    "Auth" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "LastSentAt" INTEGER NULL,
    "LastError" TEXT NULL,
    CONSTRAINT "FK_PushDevices_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
);

CREATE UNIQUE INDEX "IX_PushDevices_Endpoint" ON "PushDevices" ("Endpoint");

CREATE INDEX "IX_PushDevices_UserId" ON "PushDevices" ("UserId");

ALTER TABLE "Notifications" ADD COLUMN "PushedAt" INTEGER NULL;
