-- 0011: outgoing documents (drafts, versions, review trail, comments, registers, deliveries/arrivals) and signing certificates.
CREATE TABLE "TrustAnchors" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_TrustAnchors" PRIMARY KEY,
    "Name" TEXT NOT NULL,
    "Certificate" BLOB NOT NULL,
    "IsTest" INTEGER NOT NULL,
    "AddedAt" INTEGER NOT NULL
);

CREATE TABLE "OutgoingRegisters" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_OutgoingRegisters" PRIMARY KEY,
    "OrganizationId" TEXT NOT NULL,
    "Year" INTEGER NOT NULL,
    "Name" TEXT NOT NULL,
    "LastNumber" INTEGER NOT NULL,
    CONSTRAINT "FK_OutgoingRegisters_Organizations_OrganizationId" FOREIGN KEY ("OrganizationId") REFERENCES "Organizations" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "SigningCertificates" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_SigningCertificates" PRIMARY KEY,
    "UserId" TEXT NULL,
    "OrganizationId" TEXT NULL,
    "Subject" TEXT NOT NULL,
    "Issuer" TEXT NOT NULL,
    "Thumbprint" TEXT NOT NULL,
    "SerialNumber" TEXT NOT NULL,
    "NotBefore" INTEGER NOT NULL,
    "NotAfter" INTEGER NOT NULL,
    "ProtectedPkcs12" BLOB NOT NULL,
    "IsTest" INTEGER NOT NULL,
    "ImageSha256" TEXT NULL,
    "ImportedByUserId" TEXT NOT NULL,
    "ImportedAt" INTEGER NOT NULL,
    "IsActive" INTEGER NOT NULL,
    CONSTRAINT "FK_SigningCertificates_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_SigningCertificates_Organizations_OrganizationId" FOREIGN KEY ("OrganizationId") REFERENCES "Organizations" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "OutgoingDocuments" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_OutgoingDocuments" PRIMARY KEY,
    "Version" INTEGER NOT NULL DEFAULT 0,
    "OrganizationId" TEXT NOT NULL,
    "DepartmentId" TEXT NULL,
    "AuthorUserId" TEXT NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "TypeName" TEXT NOT NULL,
    "TypeCode" TEXT NULL,
    "Subject" TEXT NOT NULL,
    "Urgency" INTEGER NOT NULL,
    "SignerUserId" TEXT NOT NULL,
    "SignerAuthority" TEXT NULL,
    "SignerPosition" TEXT NULL,
    "ToPlaces" TEXT NULL,
    "ReplyToIncomingId" TEXT NULL,
    "ReplacesId" TEXT NULL,
    "DueDate" TEXT NULL,
    "Status" INTEGER NOT NULL,
    "ReturnReason" TEXT NULL,
    "CurrentVersion" INTEGER NOT NULL,
    "SignedAt" INTEGER NULL,
    "SignedByUserId" TEXT NULL,
    "SignedOnBehalfOfUserId" TEXT NULL,
    "SignedSha256" TEXT NULL,
    "SignerImageSha256" TEXT NULL,
    "RegisterId" TEXT NULL,
    "Number" INTEGER NULL,
    "Notation" TEXT NULL,
    "IssuedDate" TEXT NULL,
    "IssuedAt" INTEGER NULL,
    "IssuedByUserId" TEXT NULL,
    "IssuedSha256" TEXT NULL,
    "RecalledAt" INTEGER NULL,
    "RecallReason" TEXT NULL,
    "SearchKey" TEXT NOT NULL,
    CONSTRAINT "FK_OutgoingDocuments_AspNetUsers_AuthorUserId" FOREIGN KEY ("AuthorUserId") REFERENCES "AspNetUsers" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_OutgoingDocuments_AspNetUsers_SignerUserId" FOREIGN KEY ("SignerUserId") REFERENCES "AspNetUsers" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_OutgoingDocuments_Departments_DepartmentId" FOREIGN KEY ("DepartmentId") REFERENCES "Departments" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_OutgoingDocuments_IncomingDocuments_ReplyToIncomingId" FOREIGN KEY ("ReplyToIncomingId") REFERENCES "IncomingDocuments" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_OutgoingDocuments_Organizations_OrganizationId" FOREIGN KEY ("OrganizationId") REFERENCES "Organizations" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_OutgoingDocuments_OutgoingDocuments_ReplacesId" FOREIGN KEY ("ReplacesId") REFERENCES "OutgoingDocuments" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_OutgoingDocuments_OutgoingRegisters_RegisterId" FOREIGN KEY ("RegisterId") REFERENCES "OutgoingRegisters" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "Deliveries" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_Deliveries" PRIMARY KEY,
    "Version" INTEGER NOT NULL DEFAULT 0,
    "DocumentId" TEXT NOT NULL,
    "Kind" INTEGER NOT NULL,
    "RecipientOrganizationId" TEXT NULL,
    "RecipientCode" TEXT NULL,
    "RecipientName" TEXT NOT NULL,
    "Email" TEXT NULL,
    "State" INTEGER NOT NULL,
    "SentAt" INTEGER NULL,
    "VerificationSummary" TEXT NULL,
    "SignaturesValid" INTEGER NULL,
    "DecidedAt" INTEGER NULL,
    "DecidedByUserId" TEXT NULL,
    "RefuseReason" TEXT NULL,
    "IncomingDocumentId" TEXT NULL,
    CONSTRAINT "FK_Deliveries_IncomingDocuments_IncomingDocumentId" FOREIGN KEY ("IncomingDocumentId") REFERENCES "IncomingDocuments" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_Deliveries_Organizations_RecipientOrganizationId" FOREIGN KEY ("RecipientOrganizationId") REFERENCES "Organizations" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_Deliveries_OutgoingDocuments_DocumentId" FOREIGN KEY ("DocumentId") REFERENCES "OutgoingDocuments" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "OutgoingComments" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_OutgoingComments" PRIMARY KEY,
    "DocumentId" TEXT NOT NULL,
    "AskedUserId" TEXT NOT NULL,
    "AskedByUserId" TEXT NOT NULL,
    "DueDate" TEXT NULL,
    "Question" TEXT NULL,
    "AskedAt" INTEGER NOT NULL,
    "Answer" TEXT NULL,
    "AnsweredAt" INTEGER NULL,
    CONSTRAINT "FK_OutgoingComments_AspNetUsers_AskedUserId" FOREIGN KEY ("AskedUserId") REFERENCES "AspNetUsers" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_OutgoingComments_OutgoingDocuments_DocumentId" FOREIGN KEY ("DocumentId") REFERENCES "OutgoingDocuments" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "OutgoingTrail" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_OutgoingTrail" PRIMARY KEY,
    "DocumentId" TEXT NOT NULL,
    "At" INTEGER NOT NULL,
    "ActorUserId" TEXT NOT NULL,
    "OnBehalfOfUserId" TEXT NULL,
    "Action" TEXT NOT NULL,
    "Text" TEXT NULL,
    CONSTRAINT "FK_OutgoingTrail_OutgoingDocuments_DocumentId" FOREIGN KEY ("DocumentId") REFERENCES "OutgoingDocuments" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "OutgoingVersions" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_OutgoingVersions" PRIMARY KEY,
    "DocumentId" TEXT NOT NULL,
    "Number" INTEGER NOT NULL,
    "PdfSha256" TEXT NOT NULL,
    "SourceSha256" TEXT NULL,
    "FileName" TEXT NOT NULL,
    "Note" TEXT NULL,
    "ByUserId" TEXT NOT NULL,
    "At" INTEGER NOT NULL,
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
    "Id" TEXT NOT NULL CONSTRAINT "PK_OutgoingAppendices" PRIMARY KEY,
    "DocumentId" TEXT NOT NULL,
    "Order" INTEGER NOT NULL,
    "FileName" TEXT NOT NULL,
    "PdfSha256" TEXT NOT NULL,
    "SourceSha256" TEXT NULL,
    "IssuedSha256" TEXT NULL,
    "ByUserId" TEXT NOT NULL,
    "At" INTEGER NOT NULL,
    CONSTRAINT "FK_OutgoingAppendices_OutgoingDocuments_DocumentId" FOREIGN KEY ("DocumentId") REFERENCES "OutgoingDocuments" ("Id") ON DELETE CASCADE
);

CREATE INDEX "IX_OutgoingAppendices_DocumentId_Order" ON "OutgoingAppendices" ("DocumentId", "Order");

-- A recalled electronic document stays at the recipient, frozen.
ALTER TABLE "IncomingDocuments" ADD "RecalledAt" INTEGER NULL;
