-- Issue 19: a meeting's papers through the outgoing flow, opinions on its drafts, its record filed into a dossier.

ALTER TABLE "Meetings" ADD COLUMN "RecordDossierId" TEXT NULL CONSTRAINT "FK_Meetings_Dossiers_RecordDossierId" REFERENCES "Dossiers" ("Id") ON DELETE RESTRICT;
CREATE INDEX "IX_Meetings_RecordDossierId" ON "Meetings" ("RecordDossierId");

ALTER TABLE "MeetingMaterials" ADD COLUMN "ForOpinion" INTEGER NOT NULL DEFAULT 0;

CREATE TABLE "MaterialOpinions" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_MaterialOpinions" PRIMARY KEY,
    "MeetingId" TEXT NOT NULL,
    "SeriesId" TEXT NOT NULL,
    "UserId" TEXT NOT NULL,
    "OnNumber" INTEGER NOT NULL,
    "Text" TEXT NOT NULL,
    "GivenAt" INTEGER NOT NULL,
    CONSTRAINT "FK_MaterialOpinions_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_MaterialOpinions_Meetings_MeetingId" FOREIGN KEY ("MeetingId") REFERENCES "Meetings" ("Id") ON DELETE CASCADE
);

CREATE TABLE "MeetingPapers" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_MeetingPapers" PRIMARY KEY,
    "MeetingId" TEXT NOT NULL,
    "Kind" INTEGER NOT NULL,
    "DocumentId" TEXT NOT NULL,
    "CreatedByUserId" TEXT NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    CONSTRAINT "FK_MeetingPapers_AspNetUsers_CreatedByUserId" FOREIGN KEY ("CreatedByUserId") REFERENCES "AspNetUsers" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_MeetingPapers_Meetings_MeetingId" FOREIGN KEY ("MeetingId") REFERENCES "Meetings" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_MeetingPapers_OutgoingDocuments_DocumentId" FOREIGN KEY ("DocumentId") REFERENCES "OutgoingDocuments" ("Id") ON DELETE RESTRICT
);

CREATE INDEX "IX_MaterialOpinions_MeetingId" ON "MaterialOpinions" ("MeetingId");
CREATE UNIQUE INDEX "IX_MaterialOpinions_SeriesId_UserId" ON "MaterialOpinions" ("SeriesId", "UserId");
CREATE INDEX "IX_MaterialOpinions_UserId" ON "MaterialOpinions" ("UserId");
CREATE INDEX "IX_MeetingPapers_CreatedByUserId" ON "MeetingPapers" ("CreatedByUserId");
CREATE UNIQUE INDEX "IX_MeetingPapers_DocumentId" ON "MeetingPapers" ("DocumentId");
CREATE INDEX "IX_MeetingPapers_MeetingId_Kind" ON "MeetingPapers" ("MeetingId", "Kind");
