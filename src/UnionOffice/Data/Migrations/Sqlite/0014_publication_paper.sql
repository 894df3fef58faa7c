-- 0014: nothing is public unless a person decided it (review finding 1). A document is published only when its author
-- proposed it, the organ's own rule allows the type, and the clerk confirmed it at issue; everything published before by
-- the old default ("electronic-only types are published") is unpublished, since the new columns start empty. Each organ
-- keeps its own rule per type (how it travels, whether it may be published); none means electronic only, not published.
-- Seed 003 Mục 2: a recipient may get a signed paper copy too, and the clerk records the day it left.
ALTER TABLE "OutgoingDocuments" ADD "PublishRequested" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "OutgoingDocuments" ADD "PublishedAt" INTEGER NULL;
ALTER TABLE "OutgoingDocuments" ADD "PublishedByUserId" TEXT NULL CONSTRAINT "FK_OutgoingDocuments_AspNetUsers_PublishedByUserId" REFERENCES "AspNetUsers" ("Id") ON DELETE RESTRICT;
CREATE INDEX "IX_OutgoingDocuments_OrganizationId_PublishedAt" ON "OutgoingDocuments" ("OrganizationId", "PublishedAt");
CREATE INDEX "IX_OutgoingDocuments_PublishedByUserId" ON "OutgoingDocuments" ("PublishedByUserId");

ALTER TABLE "Deliveries" ADD "OnPaper" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "Deliveries" ADD "PaperSentOn" TEXT NULL;
ALTER TABLE "Deliveries" ADD "PaperSentByUserId" TEXT NULL CONSTRAINT "FK_Deliveries_AspNetUsers_PaperSentByUserId" REFERENCES "AspNetUsers" ("Id") ON DELETE RESTRICT;
CREATE INDEX "IX_Deliveries_PaperSentByUserId" ON "Deliveries" ("PaperSentByUserId");

CREATE TABLE "DocumentTypePolicies" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_DocumentTypePolicies" PRIMARY KEY,
    "OrganizationId" TEXT NOT NULL,
    "TypeName" TEXT NOT NULL,
    "Delivered" INTEGER NOT NULL,
    "MayPublish" INTEGER NOT NULL,
    "UpdatedByUserId" TEXT NOT NULL,
    "UpdatedAt" INTEGER NOT NULL,
    CONSTRAINT "FK_DocumentTypePolicies_AspNetUsers_UpdatedByUserId" FOREIGN KEY ("UpdatedByUserId") REFERENCES "AspNetUsers" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_DocumentTypePolicies_Organizations_OrganizationId" FOREIGN KEY ("OrganizationId") REFERENCES "Organizations" ("Id") ON DELETE RESTRICT
);
CREATE UNIQUE INDEX "IX_DocumentTypePolicies_OrganizationId_TypeName" ON "DocumentTypePolicies" ("OrganizationId", "TypeName");
CREATE INDEX "IX_DocumentTypePolicies_UpdatedByUserId" ON "DocumentTypePolicies" ("UpdatedByUserId");
