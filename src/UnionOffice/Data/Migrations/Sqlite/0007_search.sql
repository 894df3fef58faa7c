-- 0007: full-text search. FileTexts: the text of each stored content (PDF text layer, DOCX, OCR), filled by the
-- extraction job. SearchEntries: per document, its metadata and files' text folded (no diacritics, lower case); on
-- PostgreSQL a generated tsvector with a GIN index. Existing documents are indexed by the job (IndexMissingAsync).
CREATE TABLE "FileTexts" (
    "Sha256" TEXT NOT NULL CONSTRAINT "PK_FileTexts" PRIMARY KEY,
    "ContentType" TEXT NOT NULL,
    "State" INTEGER NOT NULL,
    "Method" TEXT NULL,
    "Text" TEXT NULL,
    "Error" TEXT NULL,
    "Attempts" INTEGER NOT NULL,
    "UpdatedAt" INTEGER NOT NULL
);

CREATE TABLE "SearchEntries" (
    "OwnerType" TEXT NOT NULL,
    "OwnerId" TEXT NOT NULL,
    "OrganizationId" TEXT NOT NULL,
    "Text" TEXT NOT NULL,
    "UpdatedAt" INTEGER NOT NULL,
    CONSTRAINT "PK_SearchEntries" PRIMARY KEY ("OwnerType", "OwnerId")
);

CREATE INDEX "IX_FileTexts_State_UpdatedAt" ON "FileTexts" ("State", "UpdatedAt");

CREATE INDEX "IX_SearchEntries_OrganizationId" ON "SearchEntries" ("OrganizationId");

