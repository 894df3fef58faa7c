-- Issue 19: a meeting's papers through the outgoing flow, opinions on its drafts, its record filed into a dossier.

ALTER TABLE "Meetings" ADD "RecordDossierId" uuid;
ALTER TABLE "Meetings" ADD CONSTRAINT "FK_Meetings_Dossiers_RecordDossierId" FOREIGN KEY ("RecordDossierId") REFERENCES "Dossiers" ("Id") ON DELETE RESTRICT;
CREATE INDEX "IX_Meetings_RecordDossierId" ON "Meetings" ("RecordDossierId");

ALTER TABLE "MeetingMaterials" ADD "ForOpinion" boolean NOT NULL DEFAULT FALSE;
ALTER TABLE "MeetingMaterials" ALTER COLUMN "ForOpinion" DROP DEFAULT;

CREATE TABLE "MaterialOpinions" (
    "Id" uuid NOT NULL,
    "MeetingId" uuid NOT NULL,
    "SeriesId" uuid NOT NULL,
    "UserId" uuid NOT NULL,
    "OnNumber" integer NOT NULL,
    "Text" text NOT NULL,
    "GivenAt" timestamp with time zone NOT NULL,
    CONSTRAINT "PK_MaterialOpinions" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_MaterialOpinions_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_MaterialOpinions_Meetings_MeetingId" FOREIGN KEY ("MeetingId") REFERENCES "Meetings" ("Id") ON DELETE CASCADE
);

CREATE TABLE "MeetingPapers" (
    "Id" uuid NOT NULL,
    "MeetingId" uuid NOT NULL,
    "Kind" integer NOT NULL,
    "DocumentId" uuid NOT NULL,
    "CreatedByUserId" uuid NOT NULL,
    "CreatedAt" timestamp with time zone NOT NULL,
    CONSTRAINT "PK_MeetingPapers" PRIMARY KEY ("Id"),
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
