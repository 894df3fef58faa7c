-- 0014: nothing is public unless a person decided it (review finding 1). A document is published only when its author
-- proposed it, the organ's own rule allows the type, and the clerk confirmed it at issue; everything published before by
-- the old default ("electronic-only types are published") is unpublished, since the new columns start empty. Each organ
-- keeps its own rule per type (how it travels, whether it may be published); none means electronic only, not published.
-- Seed 003 Mục 2: a recipient may get a signed paper copy too, and the clerk records the day it left.
ALTER TABLE "OutgoingDocuments" ADD "PublishRequested" boolean NOT NULL DEFAULT FALSE;
ALTER TABLE "OutgoingDocuments" ALTER COLUMN "PublishRequested" DROP DEFAULT;
ALTER TABLE "OutgoingDocuments" ADD "PublishedAt" timestamp with time zone NULL;
ALTER TABLE "OutgoingDocuments" ADD "PublishedByUserId" uuid NULL;
ALTER TABLE "OutgoingDocuments" ADD CONSTRAINT "FK_OutgoingDocuments_AspNetUsers_PublishedByUserId" FOREIGN KEY ("PublishedByUserId") REFERENCES "AspNetUsers" ("Id") ON DELETE RESTRICT;
CREATE INDEX "IX_OutgoingDocuments_OrganizationId_PublishedAt" ON "OutgoingDocuments" ("OrganizationId", "PublishedAt");
CREATE INDEX "IX_OutgoingDocuments_PublishedByUserId" ON "OutgoingDocuments" ("PublishedByUserId");

ALTER TABLE "Deliveries" ADD "OnPaper" boolean NOT NULL DEFAULT FALSE;
ALTER TABLE "Deliveries" ALTER COLUMN "OnPaper" DROP DEFAULT;
ALTER TABLE "Deliveries" ADD "PaperSentOn" date NULL;
ALTER TABLE "Deliveries" ADD "PaperSentByUserId" uuid NULL;
ALTER TABLE "Deliveries" ADD CONSTRAINT "FK_Deliveries_AspNetUsers_PaperSentByUserId" FOREIGN KEY ("PaperSentByUserId") REFERENCES "AspNetUsers" ("Id") ON DELETE RESTRICT;
CREATE INDEX "IX_Deliveries_PaperSentByUserId" ON "Deliveries" ("PaperSentByUserId");

CREATE TABLE "DocumentTypePolicies" (
    "Id" uuid NOT NULL,
    "OrganizationId" uuid NOT NULL,
    "TypeName" character varying(100) NOT NULL,
    "Delivered" integer NOT NULL,
    "MayPublish" boolean NOT NULL,
    "UpdatedByUserId" uuid NOT NULL,
    "UpdatedAt" timestamp with time zone NOT NULL,
    CONSTRAINT "PK_DocumentTypePolicies" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_DocumentTypePolicies_AspNetUsers_UpdatedByUserId" FOREIGN KEY ("UpdatedByUserId") REFERENCES "AspNetUsers" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_DocumentTypePolicies_Organizations_OrganizationId" FOREIGN KEY ("OrganizationId") REFERENCES "Organizations" ("Id") ON DELETE RESTRICT
);
CREATE UNIQUE INDEX "IX_DocumentTypePolicies_OrganizationId_TypeName" ON "DocumentTypePolicies" ("OrganizationId", "TypeName");
CREATE INDEX "IX_DocumentTypePolicies_UpdatedByUserId" ON "DocumentTypePolicies" ("UpdatedByUserId");
