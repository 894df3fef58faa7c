-- 0031 (issue 22 §4): recipient lists an organ saves under a name to choose them all at once on the draft form.

CREATE TABLE "RecipientLists" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_RecipientLists" PRIMARY KEY,
    "OrganizationId" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "Codes" TEXT NOT NULL,
    "CreatedByUserId" TEXT NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "UpdatedAt" INTEGER NOT NULL,
    CONSTRAINT "FK_RecipientLists_AspNetUsers_CreatedByUserId" FOREIGN KEY ("CreatedByUserId") REFERENCES "AspNetUsers" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_RecipientLists_Organizations_OrganizationId" FOREIGN KEY ("OrganizationId") REFERENCES "Organizations" ("Id") ON DELETE CASCADE
);

CREATE INDEX "IX_RecipientLists_CreatedByUserId" ON "RecipientLists" ("CreatedByUserId");

CREATE UNIQUE INDEX "IX_RecipientLists_OrganizationId_Name" ON "RecipientLists" ("OrganizationId", "Name");

