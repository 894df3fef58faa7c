-- expand
-- 0031 (issue 22 §4): recipient lists an organ saves under a name ("Các LĐLĐ miền Trung") to choose them all at once on
-- the draft form. A new table: the previous version neither reads nor writes it.

CREATE TABLE "RecipientLists" (
    "Id" uuid NOT NULL,
    "OrganizationId" uuid NOT NULL,
    "Name" character varying(100) NOT NULL,
    "Codes" character varying(4000) NOT NULL,
    "CreatedByUserId" uuid NOT NULL,
    "CreatedAt" timestamp with time zone NOT NULL,
    "UpdatedAt" timestamp with time zone NOT NULL,
    CONSTRAINT "PK_RecipientLists" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_RecipientLists_AspNetUsers_CreatedByUserId" FOREIGN KEY ("CreatedByUserId") REFERENCES "AspNetUsers" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_RecipientLists_Organizations_OrganizationId" FOREIGN KEY ("OrganizationId") REFERENCES "Organizations" ("Id") ON DELETE CASCADE
);

CREATE INDEX "IX_RecipientLists_CreatedByUserId" ON "RecipientLists" ("CreatedByUserId");

CREATE UNIQUE INDEX "IX_RecipientLists_OrganizationId_Name" ON "RecipientLists" ("OrganizationId", "Name");

