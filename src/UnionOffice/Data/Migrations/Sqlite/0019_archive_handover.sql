-- 0019 (issue 17, archive slice): handover of closed dossiers to the organ's archive (NĐ30 Điều 30–31): when each is due,
-- when it passed into the archive, and the transfers with the archive's decision on each dossier and the signed record.

ALTER TABLE "Dossiers" ADD "HandoverDue" TEXT NULL;

ALTER TABLE "Dossiers" ADD "ArchivedAt" INTEGER NULL;

-- Dossiers closed before this migration: due a year after their work ended when kept five years or more (Điều 30.2b, 31.3c).
UPDATE "Dossiers" SET "HandoverDue" = date("EndDate", '+1 year') WHERE "Status" = 1 AND "EndDate" IS NOT NULL AND ("RetentionYears" IS NULL OR "RetentionYears" >= 5);

CREATE TABLE "ArchiveTransfers" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_ArchiveTransfers" PRIMARY KEY,
    "Version" INTEGER NOT NULL DEFAULT 0,
    "OrganizationId" TEXT NOT NULL,
    "GiverUserId" TEXT NOT NULL,
    "DepartmentId" TEXT NULL,
    "Note" TEXT NULL,
    "Status" INTEGER NOT NULL,
    "SentAt" INTEGER NOT NULL,
    "ReceiverUserId" TEXT NULL,
    "Condition" TEXT NULL,
    "RecordSha256" TEXT NULL,
    "RecordedAt" INTEGER NULL,
    "GiverSignedAt" INTEGER NULL,
    "CompletedAt" INTEGER NULL,
    CONSTRAINT "FK_ArchiveTransfers_AspNetUsers_GiverUserId" FOREIGN KEY ("GiverUserId") REFERENCES "AspNetUsers" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_ArchiveTransfers_Organizations_OrganizationId" FOREIGN KEY ("OrganizationId") REFERENCES "Organizations" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "ArchiveTransferItems" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_ArchiveTransferItems" PRIMARY KEY,
    "TransferId" TEXT NOT NULL,
    "DossierId" TEXT NOT NULL,
    "Order" INTEGER NOT NULL,
    "Decision" INTEGER NOT NULL,
    "Reason" TEXT NULL,
    "DecidedByUserId" TEXT NULL,
    "DecidedAt" INTEGER NULL,
    CONSTRAINT "FK_ArchiveTransferItems_ArchiveTransfers_TransferId" FOREIGN KEY ("TransferId") REFERENCES "ArchiveTransfers" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_ArchiveTransferItems_Dossiers_DossierId" FOREIGN KEY ("DossierId") REFERENCES "Dossiers" ("Id") ON DELETE RESTRICT
);

CREATE INDEX "IX_ArchiveTransferItems_DossierId" ON "ArchiveTransferItems" ("DossierId");

CREATE UNIQUE INDEX "IX_ArchiveTransferItems_TransferId_DossierId" ON "ArchiveTransferItems" ("TransferId", "DossierId");

CREATE INDEX "IX_ArchiveTransfers_GiverUserId" ON "ArchiveTransfers" ("GiverUserId");

CREATE INDEX "IX_ArchiveTransfers_OrganizationId_Status" ON "ArchiveTransfers" ("OrganizationId", "Status");

CREATE INDEX "IX_Dossiers_OrganizationId_Status_HandoverDue" ON "Dossiers" ("OrganizationId", "Status", "HandoverDue");
