-- 0020 (issue 17, the archive in use): requests to consult archived dossiers (Phụ lục VI III.6c), freezing on an
-- authority's order (IV.1g), and the lists of expired dossiers appraised, decided and destroyed under a signed record.

CREATE TABLE "ConsultRequests" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_ConsultRequests" PRIMARY KEY,
    "Version" INTEGER NOT NULL DEFAULT 0,
    "OrganizationId" TEXT NOT NULL,
    "DossierId" TEXT NOT NULL,
    "RequesterUserId" TEXT NOT NULL,
    "Purpose" TEXT NOT NULL,
    "RequestedUntil" TEXT NOT NULL,
    "Status" INTEGER NOT NULL,
    "DeciderUserId" TEXT NULL,
    "DecidedAt" INTEGER NULL,
    "ValidUntil" TEXT NULL,
    "Note" TEXT NULL,
    "CreatedAt" INTEGER NOT NULL,
    CONSTRAINT "FK_ConsultRequests_AspNetUsers_RequesterUserId" FOREIGN KEY ("RequesterUserId") REFERENCES "AspNetUsers" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_ConsultRequests_Dossiers_DossierId" FOREIGN KEY ("DossierId") REFERENCES "Dossiers" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_ConsultRequests_Organizations_OrganizationId" FOREIGN KEY ("OrganizationId") REFERENCES "Organizations" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "ArchiveHolds" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_ArchiveHolds" PRIMARY KEY,
    "Version" INTEGER NOT NULL DEFAULT 0,
    "OrganizationId" TEXT NOT NULL,
    "Reference" TEXT NOT NULL,
    "Reason" TEXT NULL,
    "CreatedByUserId" TEXT NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "LiftedByUserId" TEXT NULL,
    "LiftedAt" INTEGER NULL,
    "LiftReason" TEXT NULL,
    CONSTRAINT "FK_ArchiveHolds_Organizations_OrganizationId" FOREIGN KEY ("OrganizationId") REFERENCES "Organizations" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "ArchiveHoldItems" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_ArchiveHoldItems" PRIMARY KEY,
    "HoldId" TEXT NOT NULL,
    "DossierId" TEXT NOT NULL,
    CONSTRAINT "FK_ArchiveHoldItems_ArchiveHolds_HoldId" FOREIGN KEY ("HoldId") REFERENCES "ArchiveHolds" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_ArchiveHoldItems_Dossiers_DossierId" FOREIGN KEY ("DossierId") REFERENCES "Dossiers" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "DisposalLists" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_DisposalLists" PRIMARY KEY,
    "Version" INTEGER NOT NULL DEFAULT 0,
    "OrganizationId" TEXT NOT NULL,
    "Status" INTEGER NOT NULL,
    "CreatedByUserId" TEXT NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "Appraisal" TEXT NULL,
    "AppraisedAt" INTEGER NULL,
    "Decision" TEXT NULL,
    "DecidedByUserId" TEXT NULL,
    "DecidedAt" INTEGER NULL,
    "RecordSha256" TEXT NULL,
    "DestroyedByUserId" TEXT NULL,
    "DestroyedAt" INTEGER NULL,
    CONSTRAINT "FK_DisposalLists_Organizations_OrganizationId" FOREIGN KEY ("OrganizationId") REFERENCES "Organizations" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "DisposalItems" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_DisposalItems" PRIMARY KEY,
    "ListId" TEXT NOT NULL,
    "DossierId" TEXT NOT NULL,
    "Order" INTEGER NOT NULL,
    CONSTRAINT "FK_DisposalItems_DisposalLists_ListId" FOREIGN KEY ("ListId") REFERENCES "DisposalLists" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_DisposalItems_Dossiers_DossierId" FOREIGN KEY ("DossierId") REFERENCES "Dossiers" ("Id") ON DELETE RESTRICT
);

CREATE INDEX "IX_ArchiveHoldItems_DossierId" ON "ArchiveHoldItems" ("DossierId");

CREATE UNIQUE INDEX "IX_ArchiveHoldItems_HoldId_DossierId" ON "ArchiveHoldItems" ("HoldId", "DossierId");

CREATE INDEX "IX_ArchiveHolds_OrganizationId" ON "ArchiveHolds" ("OrganizationId");

CREATE INDEX "IX_ConsultRequests_DossierId_RequesterUserId_Status" ON "ConsultRequests" ("DossierId", "RequesterUserId", "Status");

CREATE INDEX "IX_ConsultRequests_OrganizationId_Status" ON "ConsultRequests" ("OrganizationId", "Status");

CREATE INDEX "IX_ConsultRequests_RequesterUserId" ON "ConsultRequests" ("RequesterUserId");

CREATE INDEX "IX_DisposalItems_DossierId" ON "DisposalItems" ("DossierId");

CREATE UNIQUE INDEX "IX_DisposalItems_ListId_DossierId" ON "DisposalItems" ("ListId", "DossierId");

CREATE INDEX "IX_DisposalLists_OrganizationId_Status" ON "DisposalLists" ("OrganizationId", "Status");
