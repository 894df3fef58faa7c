-- 0020 (issue 17, the archive in use): requests to consult archived dossiers (Phụ lục VI III.6c), freezing on an
-- authority's order (IV.1g), and the lists of expired dossiers appraised, decided and destroyed under a signed record.

CREATE TABLE "ConsultRequests" (
    "Id" uuid NOT NULL,
    "Version" integer NOT NULL DEFAULT 0,
    "OrganizationId" uuid NOT NULL,
    "DossierId" uuid NOT NULL,
    "RequesterUserId" uuid NOT NULL,
    "Purpose" character varying(500) NOT NULL,
    "RequestedUntil" date NOT NULL,
    "Status" integer NOT NULL,
    "DeciderUserId" uuid,
    "DecidedAt" timestamp with time zone,
    "ValidUntil" date,
    "Note" character varying(500),
    "CreatedAt" timestamp with time zone NOT NULL,
    CONSTRAINT "PK_ConsultRequests" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_ConsultRequests_AspNetUsers_RequesterUserId" FOREIGN KEY ("RequesterUserId") REFERENCES "AspNetUsers" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_ConsultRequests_Dossiers_DossierId" FOREIGN KEY ("DossierId") REFERENCES "Dossiers" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_ConsultRequests_Organizations_OrganizationId" FOREIGN KEY ("OrganizationId") REFERENCES "Organizations" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "ArchiveHolds" (
    "Id" uuid NOT NULL,
    "Version" integer NOT NULL DEFAULT 0,
    "OrganizationId" uuid NOT NULL,
    "Reference" character varying(300) NOT NULL,
    "Reason" character varying(500),
    "CreatedByUserId" uuid NOT NULL,
    "CreatedAt" timestamp with time zone NOT NULL,
    "LiftedByUserId" uuid,
    "LiftedAt" timestamp with time zone,
    "LiftReason" character varying(500),
    CONSTRAINT "PK_ArchiveHolds" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_ArchiveHolds_Organizations_OrganizationId" FOREIGN KEY ("OrganizationId") REFERENCES "Organizations" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "ArchiveHoldItems" (
    "Id" uuid NOT NULL,
    "HoldId" uuid NOT NULL,
    "DossierId" uuid NOT NULL,
    CONSTRAINT "PK_ArchiveHoldItems" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_ArchiveHoldItems_ArchiveHolds_HoldId" FOREIGN KEY ("HoldId") REFERENCES "ArchiveHolds" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_ArchiveHoldItems_Dossiers_DossierId" FOREIGN KEY ("DossierId") REFERENCES "Dossiers" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "DisposalLists" (
    "Id" uuid NOT NULL,
    "Version" integer NOT NULL DEFAULT 0,
    "OrganizationId" uuid NOT NULL,
    "Status" integer NOT NULL,
    "CreatedByUserId" uuid NOT NULL,
    "CreatedAt" timestamp with time zone NOT NULL,
    "Appraisal" character varying(2000),
    "AppraisedAt" timestamp with time zone,
    "Decision" character varying(300),
    "DecidedByUserId" uuid,
    "DecidedAt" timestamp with time zone,
    "RecordSha256" character varying(64),
    "DestroyedByUserId" uuid,
    "DestroyedAt" timestamp with time zone,
    CONSTRAINT "PK_DisposalLists" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_DisposalLists_Organizations_OrganizationId" FOREIGN KEY ("OrganizationId") REFERENCES "Organizations" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "DisposalItems" (
    "Id" uuid NOT NULL,
    "ListId" uuid NOT NULL,
    "DossierId" uuid NOT NULL,
    "Order" integer NOT NULL,
    CONSTRAINT "PK_DisposalItems" PRIMARY KEY ("Id"),
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
