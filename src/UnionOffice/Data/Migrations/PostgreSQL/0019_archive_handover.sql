-- 0019 (issue 17, archive slice): handover of closed dossiers to the organ's archive (NĐ30 Điều 30–31): when each is due,
-- when it passed into the archive, and the transfers with the archive's decision on each dossier and the signed record.

ALTER TABLE "Dossiers" ADD "HandoverDue" date;

ALTER TABLE "Dossiers" ADD "ArchivedAt" timestamp with time zone;

-- Dossiers closed before this migration: due a year after their work ended when kept five years or more (Điều 30.2b, 31.3c).
UPDATE "Dossiers" SET "HandoverDue" = ("EndDate" + interval '1 year')::date WHERE "Status" = 1 AND "EndDate" IS NOT NULL AND ("RetentionYears" IS NULL OR "RetentionYears" >= 5);

CREATE TABLE "ArchiveTransfers" (
    "Id" uuid NOT NULL,
    "Version" integer NOT NULL DEFAULT 0,
    "OrganizationId" uuid NOT NULL,
    "GiverUserId" uuid NOT NULL,
    "DepartmentId" uuid,
    "Note" character varying(500),
    "Status" integer NOT NULL,
    "SentAt" timestamp with time zone NOT NULL,
    "ReceiverUserId" uuid,
    "Condition" character varying(300),
    "RecordSha256" character varying(64),
    "RecordedAt" timestamp with time zone,
    "GiverSignedAt" timestamp with time zone,
    "CompletedAt" timestamp with time zone,
    CONSTRAINT "PK_ArchiveTransfers" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_ArchiveTransfers_AspNetUsers_GiverUserId" FOREIGN KEY ("GiverUserId") REFERENCES "AspNetUsers" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_ArchiveTransfers_Organizations_OrganizationId" FOREIGN KEY ("OrganizationId") REFERENCES "Organizations" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "ArchiveTransferItems" (
    "Id" uuid NOT NULL,
    "TransferId" uuid NOT NULL,
    "DossierId" uuid NOT NULL,
    "Order" integer NOT NULL,
    "Decision" integer NOT NULL,
    "Reason" character varying(500),
    "DecidedByUserId" uuid,
    "DecidedAt" timestamp with time zone,
    CONSTRAINT "PK_ArchiveTransferItems" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_ArchiveTransferItems_ArchiveTransfers_TransferId" FOREIGN KEY ("TransferId") REFERENCES "ArchiveTransfers" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_ArchiveTransferItems_Dossiers_DossierId" FOREIGN KEY ("DossierId") REFERENCES "Dossiers" ("Id") ON DELETE RESTRICT
);

CREATE INDEX "IX_ArchiveTransferItems_DossierId" ON "ArchiveTransferItems" ("DossierId");

CREATE UNIQUE INDEX "IX_ArchiveTransferItems_TransferId_DossierId" ON "ArchiveTransferItems" ("TransferId", "DossierId");

CREATE INDEX "IX_ArchiveTransfers_GiverUserId" ON "ArchiveTransfers" ("GiverUserId");

CREATE INDEX "IX_ArchiveTransfers_OrganizationId_Status" ON "ArchiveTransfers" ("OrganizationId", "Status");

CREATE INDEX "IX_Dossiers_OrganizationId_Status_HandoverDue" ON "Dossiers" ("OrganizationId", "Status", "HandoverDue");
