-- 0013: the interconnection. The recipient-side queue of electronic arrivals (ReceivedDocuments, their files), whatever
-- brought them — an organ of this installation or an edXML message — and the exchange's durable outbox/inbox with each
-- message's trail; deliveries outside remember the message carrying them and the statuses that came back.
CREATE TABLE "ExchangeMessages" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_ExchangeMessages" PRIMARY KEY,
    "Version" INTEGER NOT NULL DEFAULT 0,
    "Direction" INTEGER NOT NULL,
    "Kind" INTEGER NOT NULL,
    "BusinessType" INTEGER NOT NULL,
    "FromCode" TEXT NOT NULL,
    "ToCodes" TEXT NOT NULL,
    "Route" TEXT NOT NULL,
    "DocumentKey" TEXT NULL,
    "OutgoingDocumentId" TEXT NULL,
    "Sha256" TEXT NOT NULL,
    "Length" INTEGER NOT NULL,
    "State" INTEGER NOT NULL,
    "Attempts" INTEGER NOT NULL,
    "NextAttemptAt" INTEGER NOT NULL,
    "LeaseUntil" INTEGER NULL,
    "LastError" TEXT NULL,
    "RemoteId" TEXT NULL,
    "SourceKey" TEXT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "CompletedAt" INTEGER NULL
);

CREATE TABLE "ExchangeEvents" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_ExchangeEvents" PRIMARY KEY,
    "MessageId" TEXT NOT NULL,
    "Action" TEXT NOT NULL,
    "Detail" TEXT NULL,
    "At" INTEGER NOT NULL,
    CONSTRAINT "FK_ExchangeEvents_ExchangeMessages_MessageId" FOREIGN KEY ("MessageId") REFERENCES "ExchangeMessages" ("Id") ON DELETE CASCADE
);

CREATE TABLE "ReceivedDocuments" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_ReceivedDocuments" PRIMARY KEY,
    "Version" INTEGER NOT NULL DEFAULT 0,
    "OrganizationId" TEXT NOT NULL,
    "SenderCode" TEXT NOT NULL,
    "SenderName" TEXT NOT NULL,
    "DocumentKey" TEXT NULL,
    "CodeNumber" TEXT NULL,
    "CodeNotation" TEXT NULL,
    "IssuedDate" TEXT NULL,
    "TypeName" TEXT NOT NULL,
    "Subject" TEXT NOT NULL,
    "SignerName" TEXT NULL,
    "SignerPosition" TEXT NULL,
    "Urgency" INTEGER NOT NULL,
    "DueDate" TEXT NULL,
    "ToPlaces" TEXT NULL,
    "ArrivedAt" INTEGER NOT NULL,
    "SourceDeliveryId" TEXT NULL,
    "InboundMessageId" TEXT NULL,
    "State" INTEGER NOT NULL,
    "SignaturesValid" INTEGER NULL,
    "VerificationSummary" TEXT NULL,
    "DecidedAt" INTEGER NULL,
    "DecidedByUserId" TEXT NULL,
    "RefuseReason" TEXT NULL,
    "IncomingDocumentId" TEXT NULL,
    "ReportedStatus" INTEGER NULL,
    "RecallRequestedAt" INTEGER NULL,
    "RecallRequestReason" TEXT NULL,
    "PendingUpdateJson" TEXT NULL,
    "UpdateReason" TEXT NULL,
    CONSTRAINT "FK_ReceivedDocuments_IncomingDocuments_IncomingDocumentId" FOREIGN KEY ("IncomingDocumentId") REFERENCES "IncomingDocuments" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_ReceivedDocuments_Organizations_OrganizationId" FOREIGN KEY ("OrganizationId") REFERENCES "Organizations" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "ReceivedFiles" (
    "ReceivedDocumentId" TEXT NOT NULL,
    "Order" INTEGER NOT NULL,
    "FileName" TEXT NOT NULL,
    "Sha256" TEXT NOT NULL,
    "Length" INTEGER NOT NULL,
    "ContentType" TEXT NOT NULL,
    CONSTRAINT "PK_ReceivedFiles" PRIMARY KEY ("ReceivedDocumentId", "Order"),
    CONSTRAINT "FK_ReceivedFiles_ReceivedDocuments_ReceivedDocumentId" FOREIGN KEY ("ReceivedDocumentId") REFERENCES "ReceivedDocuments" ("Id") ON DELETE CASCADE
);

CREATE INDEX "IX_ExchangeEvents_MessageId_At" ON "ExchangeEvents" ("MessageId", "At");

CREATE INDEX "IX_ExchangeMessages_CreatedAt" ON "ExchangeMessages" ("CreatedAt");

CREATE INDEX "IX_ExchangeMessages_Direction_State_NextAttemptAt" ON "ExchangeMessages" ("Direction", "State", "NextAttemptAt");

CREATE INDEX "IX_ExchangeMessages_DocumentKey" ON "ExchangeMessages" ("DocumentKey");

CREATE UNIQUE INDEX "IX_ExchangeMessages_SourceKey" ON "ExchangeMessages" ("SourceKey");

CREATE INDEX "IX_ReceivedDocuments_InboundMessageId" ON "ReceivedDocuments" ("InboundMessageId");

CREATE INDEX "IX_ReceivedDocuments_IncomingDocumentId" ON "ReceivedDocuments" ("IncomingDocumentId");

CREATE INDEX "IX_ReceivedDocuments_OrganizationId_State" ON "ReceivedDocuments" ("OrganizationId", "State");

CREATE INDEX "IX_ReceivedDocuments_SourceDeliveryId" ON "ReceivedDocuments" ("SourceDeliveryId");

ALTER TABLE "Deliveries" ADD "ExchangeMessageId" TEXT NULL;
ALTER TABLE "Deliveries" ADD "RemoteStatus" INTEGER NULL;
ALTER TABLE "Deliveries" ADD "RemoteStatusText" TEXT NULL;
CREATE INDEX "IX_Deliveries_ExchangeMessageId" ON "Deliveries" ("ExchangeMessageId");

-- Arrivals already delivered inside the installation move to the recipient-side queue, under the same ids (links in
-- notifications stay valid). Their lengths were never recorded: -1, read from the file store when registered.
INSERT INTO "ReceivedDocuments" ("Id", "Version", "OrganizationId", "SenderCode", "SenderName", "DocumentKey", "CodeNumber", "CodeNotation", "IssuedDate",
    "TypeName", "Subject", "SignerName", "SignerPosition", "Urgency", "DueDate", "ToPlaces", "ArrivedAt", "SourceDeliveryId", "InboundMessageId", "State",
    "SignaturesValid", "VerificationSummary", "DecidedAt", "DecidedByUserId", "RefuseReason", "IncomingDocumentId", "ReportedStatus")
SELECT d."Id", 0, d."RecipientOrganizationId", o."Code", o."Name", o."Code" || ',' || replace(doc."IssuedDate", '-', '/') || ',' || doc."Number" || '/' || doc."Notation", CAST(doc."Number" AS TEXT), doc."Notation", doc."IssuedDate",
    doc."TypeName", doc."Subject", substr(u."FullName", 1, 50),
    substr(CASE WHEN doc."SignerAuthority" IS NULL THEN doc."SignerPosition" ELSE doc."SignerAuthority" || ' ' || doc."SignerPosition" END, 1, 100),
    doc."Urgency", doc."DueDate", doc."ToPlaces", COALESCE(d."SentAt", doc."IssuedAt"), d."Id", NULL, d."State",
    d."SignaturesValid", d."VerificationSummary", d."DecidedAt", d."DecidedByUserId", d."RefuseReason", d."IncomingDocumentId", NULL
FROM "Deliveries" d
JOIN "OutgoingDocuments" doc ON doc."Id" = d."DocumentId"
JOIN "Organizations" o ON o."Id" = doc."OrganizationId"
LEFT JOIN "AspNetUsers" u ON u."Id" = doc."SignedByUserId"
WHERE d."Kind" = 0 AND d."State" <> 0 AND doc."IssuedSha256" IS NOT NULL;

INSERT INTO "ReceivedFiles" ("ReceivedDocumentId", "Order", "FileName", "Sha256", "Length", "ContentType")
SELECT d."Id", 0, doc."Number" || '-' || replace(doc."Notation", '/', '-') || '.pdf', doc."IssuedSha256", -1, 'application/pdf'
FROM "Deliveries" d JOIN "OutgoingDocuments" doc ON doc."Id" = d."DocumentId"
WHERE d."Kind" = 0 AND d."State" <> 0 AND doc."IssuedSha256" IS NOT NULL;

INSERT INTO "ReceivedFiles" ("ReceivedDocumentId", "Order", "FileName", "Sha256", "Length", "ContentType")
SELECT d."Id", a."Order" + 1, a."FileName", a."IssuedSha256", -1, 'application/pdf'
FROM "Deliveries" d JOIN "OutgoingAppendices" a ON a."DocumentId" = d."DocumentId"
WHERE d."Kind" = 0 AND d."State" <> 0 AND a."IssuedSha256" IS NOT NULL;
