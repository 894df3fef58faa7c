-- 0025 (issue 20): periodic reports — a higher organ's forms (fields: numbers, text, measured indicators, formulas), the
-- organs asked, their values, and the outgoing document each report goes up as.

CREATE TABLE "ReportForms" (
    "Id" uuid NOT NULL,
    "Version" integer NOT NULL DEFAULT 0,
    "OrganizationId" uuid NOT NULL,
    "Title" character varying(300) NOT NULL,
    "Period" integer NOT NULL,
    "Year" integer NOT NULL,
    "Number" integer NOT NULL,
    "Deadline" date NOT NULL,
    "Status" integer NOT NULL,
    "CreatedByUserId" uuid NOT NULL,
    "CreatedAt" timestamp with time zone NOT NULL,
    "SentAt" timestamp with time zone,
    CONSTRAINT "PK_ReportForms" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_ReportForms_AspNetUsers_CreatedByUserId" FOREIGN KEY ("CreatedByUserId") REFERENCES "AspNetUsers" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_ReportForms_Organizations_OrganizationId" FOREIGN KEY ("OrganizationId") REFERENCES "Organizations" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "ReportFields" (
    "Id" uuid NOT NULL,
    "FormId" uuid NOT NULL,
    "Order" integer NOT NULL,
    "Key" character varying(10) NOT NULL,
    "Section" character varying(200),
    "Label" character varying(300) NOT NULL,
    "Kind" integer NOT NULL,
    "IndicatorCode" character varying(40),
    "Formula" character varying(300),
    CONSTRAINT "PK_ReportFields" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_ReportFields_ReportForms_FormId" FOREIGN KEY ("FormId") REFERENCES "ReportForms" ("Id") ON DELETE CASCADE
);

CREATE TABLE "ReportRequests" (
    "Id" uuid NOT NULL,
    "Version" integer NOT NULL DEFAULT 0,
    "FormId" uuid NOT NULL,
    "OrganizationId" uuid NOT NULL,
    "DocumentId" uuid,
    "UpdatedAt" timestamp with time zone,
    "UpdatedByUserId" uuid,
    CONSTRAINT "PK_ReportRequests" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_ReportRequests_AspNetUsers_UpdatedByUserId" FOREIGN KEY ("UpdatedByUserId") REFERENCES "AspNetUsers" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_ReportRequests_Organizations_OrganizationId" FOREIGN KEY ("OrganizationId") REFERENCES "Organizations" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_ReportRequests_OutgoingDocuments_DocumentId" FOREIGN KEY ("DocumentId") REFERENCES "OutgoingDocuments" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_ReportRequests_ReportForms_FormId" FOREIGN KEY ("FormId") REFERENCES "ReportForms" ("Id") ON DELETE CASCADE
);

CREATE TABLE "ReportValues" (
    "Id" uuid NOT NULL,
    "RequestId" uuid NOT NULL,
    "FieldId" uuid NOT NULL,
    "Number" numeric(18,2),
    "Text" character varying(4000),
    CONSTRAINT "PK_ReportValues" PRIMARY KEY ("Id"),
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
