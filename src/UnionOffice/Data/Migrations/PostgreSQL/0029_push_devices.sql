-- expand
-- 0029 (issue 22 §10): notifications reach people's browsers and phones as Web Push messages — the devices that asked
-- for them (the push service's endpoint and the browser's keys), the installation's VAPID key pair (made once, the
-- private key encrypted under the data-protection keys), and when each notification was pushed (claimed by one node).
-- New tables and a nullable column: a node of the previous version neither reads nor writes them.

CREATE TABLE "PushKeys" (
    "Id" integer NOT NULL,
    "PublicKey" character varying(100) NOT NULL,
    "PrivateKey" character varying(2000) NOT NULL,
    "CreatedAt" timestamp with time zone NOT NULL,
    CONSTRAINT "PK_PushKeys" PRIMARY KEY ("Id")
);

CREATE TABLE "PushDevices" (
    "Id" uuid NOT NULL,
    "UserId" uuid NOT NULL,
    "Endpoint" character varying(1000) NOT NULL,
    "P256dh" character varying(100) NOT NULL,
    "Auth" character varying(50) NOT NULL,
    "Name" character varying(100) NOT NULL,
    "CreatedAt" timestamp with time zone NOT NULL,
    "LastSentAt" timestamp with time zone,
    "LastError" character varying(300),
    CONSTRAINT "PK_PushDevices" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_PushDevices_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
);

CREATE UNIQUE INDEX "IX_PushDevices_Endpoint" ON "PushDevices" ("Endpoint");

CREATE INDEX "IX_PushDevices_UserId" ON "PushDevices" ("UserId");

ALTER TABLE "Notifications" ADD "PushedAt" timestamp with time zone NULL;
