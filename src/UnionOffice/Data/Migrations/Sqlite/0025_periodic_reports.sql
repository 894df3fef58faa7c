-- 0025 (issue 20): periodic reports — a higher organ's forms (fields: numbers, text, measured indicators, formulas), the
-- organs asked, their values, and the outgoing document each report goes up as.

CREATE TABLE "ReportForms" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_ReportForms" PRIMARY KEY,
    "Version" INTEGER NOT NULL DEFAULT 0,
    "OrganizationId" TEXT NOT NULL,
    "Title" TEXT NOT NULL,
    "Period" INTEGER NOT NULL,
    "Year" INTEGER NOT NULL,
    "Number" INTEGER NOT NULL,
    "Deadline" TEXT NOT NULL,
    "Status" INTEGER NOT NULL,
    "CreatedByUserId" TEXT NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "SentAt" INTEGER NULL,
    CONSTRAINT "FK_ReportForms_AspNetUsers_CreatedByUserId" FOREIGN KEY ("CreatedByUserId") REFERENCES "AspNetUsers" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_ReportForms_Organizations_OrganizationId" FOREIGN KEY ("OrganizationId") REFERENCES "Organizations" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "ReportFields" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_ReportFields" PRIMARY KEY,
    "FormId" TEXT NOT NULL,
    "Order" INTEGER NOT NULL,
    "Key" TEXT NOT NULL,
    "Section" TEXT NULL,
    "Label" TEXT NOT NULL,
    "Kind" INTEGER NOT NULL,
    "IndicatorCode" TEXT NULL,
    "Formula" TEXT NULL,
    CONSTRAINT "FK_ReportFields_ReportForms_FormId" FOREIGN KEY ("FormId") REFERENCES "ReportForms" ("Id") ON DELETE CASCADE
);

CREATE TABLE "ReportRequests" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_ReportRequests" PRIMARY KEY,
    "Version" INTEGER NOT NULL DEFAULT 0,
    "FormId" TEXT NOT NULL,
    "OrganizationId" TEXT NOT NULL,
    "DocumentId" TEXT NULL,
    "UpdatedAt" INTEGER NULL,
    "UpdatedByUserId" TEXT NULL,
    CONSTRAINT "FK_ReportRequests_AspNetUsers_UpdatedByUserId" FOREIGN KEY ("UpdatedByUserId") REFERENCES "AspNetUsers" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_ReportRequests_Organizations_OrganizationId" FOREIGN KEY ("OrganizationId") REFERENCES "Organizations" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_ReportRequests_OutgoingDocuments_DocumentId" FOREIGN KEY ("DocumentId") REFERENCES "OutgoingDocuments" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_ReportRequests_ReportForms_FormId" FOREIGN KEY ("FormId") REFERENCES "ReportForms" ("Id") ON DELETE CASCADE
);

CREATE TABLE "ReportValues" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_ReportValues" PRIMARY KEY,
    "RequestId" TEXT NOT NULL,
    "FieldId" TEXT NOT NULL,
    "Number" TEXT NULL,
    "Text" TEXT NULL,
    CONSTRAINT "FK_ReportValues_ReportFields_FieldId" FOREIGN KEY ("FieldId") REFERENCES "ReportFields" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_ReportValues_ReportRequests_RequestId" FOREIGN KEY ("RequestId") REFERENCES "ReportRequests" ("Id") ON DELETE CASCADE
);

CREATE UNIQUE INDEX "IX_ReportFields_FormId_Order" ON "ReportFields" ("FormId", "Order");

CREATE INDEX "IX_ReportForms_CreatedByUserId" ON "ReportForms" ("CreatedByUserId");

CREATE INDEX "IX_ReportForms_OrganizationId_Year" ON "ReportForms" ("OrganizationId", "Year");

CREATE INDEX "IX_ReportRequests_DocumentId" ON "ReportRequests" ("DocumentId");

CREATE UNIQUE INDEX "IX_ReportRequests_FormId_OrganizationId" ON "ReportRequests" ("FormId", "OrganizationId");

CREATE INDEX "IX_ReportRequests_OrganizationId" ON "ReportRequests" ("OrganizationId");

CREATE INDEX "IX_ReportRequests_UpdatedByUserId" ON "ReportRequests" ("UpdatedByUserId");

CREATE INDEX "IX_ReportValues_FieldId" ON "ReportValues" ("FieldId");

CREATE UNIQUE INDEX "IX_ReportValues_RequestId_FieldId" ON "ReportValues" ("RequestId", "FieldId");
