-- 0013: the interconnection. The recipient-side queue of electronic arrivals (ReceivedDocuments, their files), whatever
-- brought them — an organ of this installation or an edXML message — and the exchange's durable outbox/inbox with each
-- message's trail; deliveries outside remember the message carrying them and the statuses that came back.
CREATE TABLE "ExchangeMessages" (
    "Id" uuid NOT NULL,
    "Version" integer NOT NULL DEFAULT 0,
    "Direction" integer NOT NULL,
    "Kind" integer NOT NULL,
    "BusinessType" integer NOT NULL,
    "FromCode" character varying(40) NOT NULL,
    "ToCodes" character varying(4000) NOT NULL,
    "Route" character varying(100) NOT NULL,
    "DocumentKey" character varying(200),
    "OutgoingDocumentId" uuid,
    "Sha256" character varying(64) NOT NULL,
    "Length" bigint NOT NULL,
    "State" integer NOT NULL,
    "Attempts" integer NOT NULL,
    "NextAttemptAt" timestamp with time zone NOT NULL,
    "LeaseUntil" timestamp with time zone,
    "LastError" character varying(1000),
    "RemoteId" character varying(200),
    "SourceKey" character varying(300),
    "CreatedAt" timestamp with time zone NOT NULL,
    "CompletedAt" timestamp with time zone,
    CONSTRAINT "PK_ExchangeMessages" PRIMARY KEY ("Id")
);

CREATE TABLE "ExchangeEvents" (
    "Id" uuid NOT NULL,
    "MessageId" uuid NOT NULL,
    "Action" character varying(40) NOT NULL,
    "Detail" character varying(1000),
    "At" timestamp with time zone NOT NULL,
    CONSTRAINT "PK_ExchangeEvents" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_ExchangeEvents_ExchangeMessages_MessageId" FOREIGN KEY ("MessageId") REFERENCES "ExchangeMessages" ("Id") ON DELETE CASCADE
);

CREATE TABLE "ReceivedDocuments" (
    "Id" uuid NOT NULL,
    "Version" integer NOT NULL DEFAULT 0,
    "OrganizationId" uuid NOT NULL,
    "SenderCode" character varying(40) NOT NULL,
    "SenderName" character varying(250) NOT NULL,
    "DocumentKey" character varying(200),
    "CodeNumber" character varying(20),
    "CodeNotation" character varying(50),
    "IssuedDate" date,
    "TypeName" character varying(100) NOT NULL,
    "Subject" character varying(500) NOT NULL,
    "SignerName" character varying(50),
    "SignerPosition" character varying(100),
    "Urgency" integer NOT NULL,
    "DueDate" date,
    "ToPlaces" character varying(1000),
    "ArrivedAt" timestamp with time zone NOT NULL,
    "SourceDeliveryId" uuid,
    "InboundMessageId" uuid,
    "State" integer NOT NULL,
    "SignaturesValid" boolean,
    "VerificationSummary" character varying(1000),
    "DecidedAt" timestamp with time zone,
    "DecidedByUserId" uuid,
    "RefuseReason" character varying(1000),
    "IncomingDocumentId" uuid,
    "ReportedStatus" integer,
    "RecallRequestedAt" timestamp with time zone NULL,
    "RecallRequestReason" character varying(1000) NULL,
    "PendingUpdateJson" text NULL,
    "UpdateReason" character varying(1000) NULL,
    CONSTRAINT "PK_ReceivedDocuments" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_ReceivedDocuments_IncomingDocuments_IncomingDocumentId" FOREIGN KEY ("IncomingDocumentId") REFERENCES "IncomingDocuments" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_ReceivedDocuments_Organizations_OrganizationId" FOREIGN KEY ("OrganizationId") REFERENCES "Organizations" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "ReceivedFiles" (
    "ReceivedDocumentId" uuid NOT NULL,
    "Order" integer NOT NULL,
    "FileName" character varying(200) NOT NULL,
    "Sha256" character varying(64) NOT NULL,
    "Length" bigint NOT NULL,
    "ContentType" character varying(100) NOT NULL,
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

ALTER TABLE "Deliveries" ADD "ExchangeMessageId" uuid NULL;
ALTER TABLE "Deliveries" ADD "RemoteStatus" integer NULL;
ALTER TABLE "Deliveries" ADD "RemoteStatusText" character varying(1000) NULL;
CREATE INDEX "IX_Deliveries_ExchangeMessageId" ON "Deliveries" ("ExchangeMessageId");

-- Arrivals already delivered inside the installation move to the recipient-side queue, under the same ids (links in
-- notifications stay valid). Their lengths were never recorded: -1, read from the file store when registered.
INSERT INTO "ReceivedDocuments" ("Id", "Version", "OrganizationId", "SenderCode", "SenderName", "DocumentKey", "CodeNumber", "CodeNotation", "IssuedDate",
    "TypeName", "Subject", "SignerName", "SignerPosition", "Urgency", "DueDate", "ToPlaces", "ArrivedAt", "SourceDeliveryId", "InboundMessageId", "State",
    "SignaturesValid", "VerificationSummary", "DecidedAt", "DecidedByUserId", "RefuseReason", "IncomingDocumentId", "ReportedStatus")
SELECT d."Id", 0, d."RecipientOrganizationId", o."Code", o."Name", o."Code" || ',' || to_char(doc."IssuedDate", 'YYYY/MM/DD') || ',' || doc."Number"::text || '/' || doc."Notation", doc."Number"::text, doc."Notation", doc."IssuedDate",
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
SELECT d."Id", 0, doc."Number"::text || '-' || replace(doc."Notation", '/', '-') || '.pdf', doc."IssuedSha256", -1, 'application/pdf'
FROM "Deliveries" d JOIN "OutgoingDocuments" doc ON doc."Id" = d."DocumentId"
WHERE d."Kind" = 0 AND d."State" <> 0 AND doc."IssuedSha256" IS NOT NULL;

INSERT INTO "ReceivedFiles" ("ReceivedDocumentId", "Order", "FileName", "Sha256", "Length", "ContentType")
SELECT d."Id", a."Order" + 1, a."FileName", a."IssuedSha256", -1, 'application/pdf'
FROM "Deliveries" d JOIN "OutgoingAppendices" a ON a."DocumentId" = d."DocumentId"
WHERE d."Kind" = 0 AND d."State" <> 0 AND a."IssuedSha256" IS NOT NULL;
