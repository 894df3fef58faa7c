-- 0007: full-text search. FileTexts: the text of each stored content (PDF text layer, DOCX, OCR), filled by the
-- extraction job. SearchEntries: per document, its metadata and files' text folded (no diacritics, lower case); on
-- PostgreSQL a generated tsvector with a GIN index. Existing documents are indexed by the job (IndexMissingAsync).
CREATE TABLE "FileTexts" (
    "Sha256" character varying(64) NOT NULL,
    "ContentType" character varying(100) NOT NULL,
    "State" integer NOT NULL,
    "Method" character varying(20),
    "Text" text,
    "Error" character varying(1000),
    "Attempts" integer NOT NULL,
    "UpdatedAt" timestamp with time zone NOT NULL,
    CONSTRAINT "PK_FileTexts" PRIMARY KEY ("Sha256")
);

CREATE TABLE "SearchEntries" (
    "OwnerType" character varying(20) NOT NULL,
    "OwnerId" uuid NOT NULL,
    "OrganizationId" uuid NOT NULL,
    "Text" text NOT NULL,
    "UpdatedAt" timestamp with time zone NOT NULL,
    "Vector" tsvector GENERATED ALWAYS AS (to_tsvector('simple', "Text")) STORED,
    CONSTRAINT "PK_SearchEntries" PRIMARY KEY ("OwnerType", "OwnerId")
);

CREATE INDEX "IX_FileTexts_State_UpdatedAt" ON "FileTexts" ("State", "UpdatedAt");

CREATE INDEX "IX_SearchEntries_OrganizationId" ON "SearchEntries" ("OrganizationId");

CREATE INDEX "IX_SearchEntries_Vector" ON "SearchEntries" USING GIN ("Vector");

