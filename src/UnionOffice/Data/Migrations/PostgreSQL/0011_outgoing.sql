-- 0011: outgoing documents (drafts, versions, review trail, comments, registers, deliveries/arrivals) and signing certificates.
CREATE TABLE "TrustAnchors" (
    "Id" uuid NOT NULL,
    "Name" character varying(300) NOT NULL,
    "Certificate" bytea NOT NULL,
    "IsTest" boolean NOT NULL,
    "AddedAt" timestamp with time zone NOT NULL,
    CONSTRAINT "PK_TrustAnchors" PRIMARY KEY ("Id")
);

CREATE TABLE "OutgoingRegisters" (
    "Id" uuid NOT NULL,
    "OrganizationId" uuid NOT NULL,
    "Year" integer NOT NULL,
    "Name" character varying(200) NOT NULL,
    "LastNumber" bigint NOT NULL,
    CONSTRAINT "PK_OutgoingRegisters" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_OutgoingRegisters_Organizations_OrganizationId" FOREIGN KEY ("OrganizationId") REFERENCES "Organizations" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "SigningCertificates" (
    "Id" uuid NOT NULL,
    "UserId" uuid,
    "OrganizationId" uuid,
    "Subject" character varying(500) NOT NULL,
    "Issuer" character varying(500) NOT NULL,
    "Thumbprint" character varying(64) NOT NULL,
    "SerialNumber" character varying(100) NOT NULL,
    "NotBefore" timestamp with time zone NOT NULL,
    "NotAfter" timestamp with time zone NOT NULL,
    "ProtectedPkcs12" bytea NOT NULL,
    "IsTest" boolean NOT NULL,
    "ImageSha256" character varying(64),
    "ImportedByUserId" uuid NOT NULL,
    "ImportedAt" timestamp with time zone NOT NULL,
    "IsActive" boolean NOT NULL,
    CONSTRAINT "PK_SigningCertificates" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_SigningCertificates_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_SigningCertificates_Organizations_OrganizationId" FOREIGN KEY ("OrganizationId") REFERENCES "Organizations" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "OutgoingDocuments" (
    "Id" uuid NOT NULL,
    "Version" integer NOT NULL DEFAULT 0,
    "OrganizationId" uuid NOT NULL,
    "DepartmentId" uuid,
    "AuthorUserId" uuid NOT NULL,
    "CreatedAt" timestamp with time zone NOT NULL,
    "TypeName" character varying(100) NOT NULL,
    "TypeCode" character varying(10),
    "Subject" character varying(500) NOT NULL,
    "Urgency" integer NOT NULL,
    "SignerUserId" uuid NOT NULL,
    "SignerAuthority" character varying(120),
    "SignerPosition" character varying(100),
    "ToPlaces" character varying(1000),
    "ReplyToIncomingId" uuid,
    "ReplacesId" uuid,
    "DueDate" date,
    "Status" integer NOT NULL,
    "ReturnReason" character varying(1000),
    "CurrentVersion" integer NOT NULL,
    "SignedAt" timestamp with time zone,
    "SignedByUserId" uuid,
    "SignedOnBehalfOfUserId" uuid,
    "SignedSha256" character varying(64),
    "SignerImageSha256" character varying(64),
    "RegisterId" uuid,
    "Number" bigint,
    "Notation" character varying(30),
    "IssuedDate" date,
    "IssuedAt" timestamp with time zone,
    "IssuedByUserId" uuid,
    "IssuedSha256" character varying(64),
    "RecalledAt" timestamp with time zone,
    "RecallReason" character varying(1000),
    "SearchKey" character varying(800) NOT NULL,
    CONSTRAINT "PK_OutgoingDocuments" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_OutgoingDocuments_AspNetUsers_AuthorUserId" FOREIGN KEY ("AuthorUserId") REFERENCES "AspNetUsers" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_OutgoingDocuments_AspNetUsers_SignerUserId" FOREIGN KEY ("SignerUserId") REFERENCES "AspNetUsers" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_OutgoingDocuments_Departments_DepartmentId" FOREIGN KEY ("DepartmentId") REFERENCES "Departments" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_OutgoingDocuments_IncomingDocuments_ReplyToIncomingId" FOREIGN KEY ("ReplyToIncomingId") REFERENCES "IncomingDocuments" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_OutgoingDocuments_Organizations_OrganizationId" FOREIGN KEY ("OrganizationId") REFERENCES "Organizations" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_OutgoingDocuments_OutgoingDocuments_ReplacesId" FOREIGN KEY ("ReplacesId") REFERENCES "OutgoingDocuments" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_OutgoingDocuments_OutgoingRegisters_RegisterId" FOREIGN KEY ("RegisterId") REFERENCES "OutgoingRegisters" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "Deliveries" (
    "Id" uuid NOT NULL,
    "Version" integer NOT NULL DEFAULT 0,
    "DocumentId" uuid NOT NULL,
    "Kind" integer NOT NULL,
    "RecipientOrganizationId" uuid,
    "RecipientCode" character varying(40),
    "RecipientName" character varying(250) NOT NULL,
    "Email" character varying(200),
    "State" integer NOT NULL,
    "SentAt" timestamp with time zone,
    "VerificationSummary" character varying(1000),
    "SignaturesValid" boolean,
    "DecidedAt" timestamp with time zone,
    "DecidedByUserId" uuid,
    "RefuseReason" character varying(1000),
    "IncomingDocumentId" uuid,
    CONSTRAINT "PK_Deliveries" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_Deliveries_IncomingDocuments_IncomingDocumentId" FOREIGN KEY ("IncomingDocumentId") REFERENCES "IncomingDocuments" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_Deliveries_Organizations_RecipientOrganizationId" FOREIGN KEY ("RecipientOrganizationId") REFERENCES "Organizations" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_Deliveries_OutgoingDocuments_DocumentId" FOREIGN KEY ("DocumentId") REFERENCES "OutgoingDocuments" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "OutgoingComments" (
    "Id" uuid NOT NULL,
    "DocumentId" uuid NOT NULL,
    "AskedUserId" uuid NOT NULL,
    "AskedByUserId" uuid NOT NULL,
    "DueDate" date,
    "Question" character varying(1000),
    "AskedAt" timestamp with time zone NOT NULL,
    "Answer" character varying(4000),
    "AnsweredAt" timestamp with time zone,
    CONSTRAINT "PK_OutgoingComments" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_OutgoingComments_AspNetUsers_AskedUserId" FOREIGN KEY ("AskedUserId") REFERENCES "AspNetUsers" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_OutgoingComments_OutgoingDocuments_DocumentId" FOREIGN KEY ("DocumentId") REFERENCES "OutgoingDocuments" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "OutgoingTrail" (
    "Id" uuid NOT NULL,
    "DocumentId" uuid NOT NULL,
    "At" timestamp with time zone NOT NULL,
    "ActorUserId" uuid NOT NULL,
    "OnBehalfOfUserId" uuid,
    "Action" character varying(40) NOT NULL,
    "Text" character varying(2000),
    CONSTRAINT "PK_OutgoingTrail" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_OutgoingTrail_OutgoingDocuments_DocumentId" FOREIGN KEY ("DocumentId") REFERENCES "OutgoingDocuments" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "OutgoingVersions" (
    "Id" uuid NOT NULL,
    "DocumentId" uuid NOT NULL,
    "Number" integer NOT NULL,
    "PdfSha256" character varying(64) NOT NULL,
    "SourceSha256" character varying(64),
    "FileName" character varying(200) NOT NULL,
    "Note" character varying(500),
    "ByUserId" uuid NOT NULL,
    "At" timestamp with time zone NOT NULL,
    CONSTRAINT "PK_OutgoingVersions" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_OutgoingVersions_OutgoingDocuments_DocumentId" FOREIGN KEY ("DocumentId") REFERENCES "OutgoingDocuments" ("Id") ON DELETE RESTRICT
);

CREATE INDEX "IX_Deliveries_DocumentId" ON "Deliveries" ("DocumentId");

CREATE INDEX "IX_Deliveries_IncomingDocumentId" ON "Deliveries" ("IncomingDocumentId");

CREATE INDEX "IX_Deliveries_RecipientOrganizationId_State" ON "Deliveries" ("RecipientOrganizationId", "State");

CREATE INDEX "IX_OutgoingComments_AskedUserId_AnsweredAt" ON "OutgoingComments" ("AskedUserId", "AnsweredAt");

CREATE INDEX "IX_OutgoingComments_DocumentId" ON "OutgoingComments" ("DocumentId");

CREATE INDEX "IX_OutgoingDocuments_AuthorUserId_Status" ON "OutgoingDocuments" ("AuthorUserId", "Status");

CREATE INDEX "IX_OutgoingDocuments_DepartmentId" ON "OutgoingDocuments" ("DepartmentId");

CREATE INDEX "IX_OutgoingDocuments_OrganizationId_Status" ON "OutgoingDocuments" ("OrganizationId", "Status");

CREATE UNIQUE INDEX "IX_OutgoingDocuments_RegisterId_Number" ON "OutgoingDocuments" ("RegisterId", "Number");

CREATE INDEX "IX_OutgoingDocuments_ReplacesId" ON "OutgoingDocuments" ("ReplacesId");

CREATE INDEX "IX_OutgoingDocuments_ReplyToIncomingId" ON "OutgoingDocuments" ("ReplyToIncomingId");

CREATE INDEX "IX_OutgoingDocuments_SignerUserId" ON "OutgoingDocuments" ("SignerUserId");

CREATE UNIQUE INDEX "IX_OutgoingRegisters_OrganizationId_Year" ON "OutgoingRegisters" ("OrganizationId", "Year");

CREATE INDEX "IX_OutgoingTrail_DocumentId_At" ON "OutgoingTrail" ("DocumentId", "At");

CREATE UNIQUE INDEX "IX_OutgoingVersions_DocumentId_Number" ON "OutgoingVersions" ("DocumentId", "Number");

CREATE INDEX "IX_SigningCertificates_OrganizationId_IsActive" ON "SigningCertificates" ("OrganizationId", "IsActive");

CREATE INDEX "IX_SigningCertificates_UserId_IsActive" ON "SigningCertificates" ("UserId", "IsActive");

-- Phụ lục files of an outgoing document, each signed by the organ at issue.
CREATE TABLE "OutgoingAppendices" (
    "Id" uuid NOT NULL,
    "DocumentId" uuid NOT NULL,
    "Order" integer NOT NULL,
    "FileName" character varying(200) NOT NULL,
    "PdfSha256" character varying(64) NOT NULL,
    "SourceSha256" character varying(64),
    "IssuedSha256" character varying(64),
    "ByUserId" uuid NOT NULL,
    "At" timestamp with time zone NOT NULL,
    CONSTRAINT "PK_OutgoingAppendices" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_OutgoingAppendices_OutgoingDocuments_DocumentId" FOREIGN KEY ("DocumentId") REFERENCES "OutgoingDocuments" ("Id") ON DELETE CASCADE
);

CREATE INDEX "IX_OutgoingAppendices_DocumentId_Order" ON "OutgoingAppendices" ("DocumentId", "Order");

-- A recalled electronic document stays at the recipient, frozen.
ALTER TABLE "IncomingDocuments" ADD "RecalledAt" timestamp with time zone NULL;
