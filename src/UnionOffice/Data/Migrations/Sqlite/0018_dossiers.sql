-- 0018 (issue 17, first slice): the year's catalogue of dossiers (Danh mục hồ sơ, NĐ30 Phụ lục V: headings, planned
-- dossiers with number, notation, retention, keeper) and work dossiers with their documents by reference (Phụ lục VI
-- Phần II §III: FileCode = organ, year, notation; DocOrdinal in time order).

CREATE TABLE "FileCatalogs" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_FileCatalogs" PRIMARY KEY,
    "Version" INTEGER NOT NULL DEFAULT 0,
    "OrganizationId" TEXT NOT NULL,
    "Year" INTEGER NOT NULL,
    "NumberPerHeading" INTEGER NOT NULL,
    "Status" INTEGER NOT NULL,
    "Decision" TEXT NULL,
    "CreatedByUserId" TEXT NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "ApprovedByUserId" TEXT NULL,
    "ApprovedAt" INTEGER NULL,
    "IssuedAt" INTEGER NULL,
    CONSTRAINT "FK_FileCatalogs_Organizations_OrganizationId" FOREIGN KEY ("OrganizationId") REFERENCES "Organizations" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "CatalogHeadings" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_CatalogHeadings" PRIMARY KEY,
    "CatalogId" TEXT NOT NULL,
    "ParentId" TEXT NULL,
    "Order" INTEGER NOT NULL,
    "Title" TEXT NOT NULL,
    "Abbreviation" TEXT NULL,
    "DepartmentId" TEXT NULL,
    CONSTRAINT "FK_CatalogHeadings_CatalogHeadings_ParentId" FOREIGN KEY ("ParentId") REFERENCES "CatalogHeadings" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_CatalogHeadings_FileCatalogs_CatalogId" FOREIGN KEY ("CatalogId") REFERENCES "FileCatalogs" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "CatalogEntries" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_CatalogEntries" PRIMARY KEY,
    "CatalogId" TEXT NOT NULL,
    "HeadingId" TEXT NOT NULL,
    "Order" INTEGER NOT NULL,
    "Number" INTEGER NULL,
    "Notation" TEXT NULL,
    "Title" TEXT NOT NULL,
    "RetentionYears" INTEGER NULL,
    "KeeperUserId" TEXT NOT NULL,
    "Note" TEXT NULL,
    CONSTRAINT "FK_CatalogEntries_AspNetUsers_KeeperUserId" FOREIGN KEY ("KeeperUserId") REFERENCES "AspNetUsers" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_CatalogEntries_CatalogHeadings_HeadingId" FOREIGN KEY ("HeadingId") REFERENCES "CatalogHeadings" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_CatalogEntries_FileCatalogs_CatalogId" FOREIGN KEY ("CatalogId") REFERENCES "FileCatalogs" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "Dossiers" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_Dossiers" PRIMARY KEY,
    "Version" INTEGER NOT NULL DEFAULT 0,
    "OrganizationId" TEXT NOT NULL,
    "Year" INTEGER NOT NULL,
    "CatalogEntryId" TEXT NULL,
    "Notation" TEXT NOT NULL,
    "Title" TEXT NOT NULL,
    "RetentionYears" INTEGER NULL,
    "Rights" TEXT NOT NULL,
    "Language" TEXT NOT NULL,
    "KeeperUserId" TEXT NOT NULL,
    "StartDate" TEXT NOT NULL,
    "EndDate" TEXT NULL,
    "Description" TEXT NULL,
    "Status" INTEGER NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "ClosedAt" INTEGER NULL,
    CONSTRAINT "FK_Dossiers_AspNetUsers_KeeperUserId" FOREIGN KEY ("KeeperUserId") REFERENCES "AspNetUsers" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_Dossiers_CatalogEntries_CatalogEntryId" FOREIGN KEY ("CatalogEntryId") REFERENCES "CatalogEntries" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_Dossiers_Organizations_OrganizationId" FOREIGN KEY ("OrganizationId") REFERENCES "Organizations" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "DossierItems" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_DossierItems" PRIMARY KEY,
    "DossierId" TEXT NOT NULL,
    "Kind" INTEGER NOT NULL,
    "RefId" TEXT NOT NULL,
    "DocumentDate" TEXT NOT NULL,
    "Ordinal" INTEGER NOT NULL,
    "FiledByUserId" TEXT NOT NULL,
    "FiledAt" INTEGER NOT NULL,
    CONSTRAINT "FK_DossierItems_Dossiers_DossierId" FOREIGN KEY ("DossierId") REFERENCES "Dossiers" ("Id") ON DELETE RESTRICT
);

CREATE INDEX "IX_CatalogEntries_CatalogId_HeadingId_Order" ON "CatalogEntries" ("CatalogId", "HeadingId", "Order");

CREATE INDEX "IX_CatalogEntries_HeadingId" ON "CatalogEntries" ("HeadingId");

CREATE INDEX "IX_CatalogEntries_KeeperUserId" ON "CatalogEntries" ("KeeperUserId");

CREATE INDEX "IX_CatalogHeadings_CatalogId_ParentId_Order" ON "CatalogHeadings" ("CatalogId", "ParentId", "Order");

CREATE INDEX "IX_CatalogHeadings_ParentId" ON "CatalogHeadings" ("ParentId");

CREATE UNIQUE INDEX "IX_DossierItems_DossierId_Kind_RefId" ON "DossierItems" ("DossierId", "Kind", "RefId");

CREATE INDEX "IX_DossierItems_Kind_RefId" ON "DossierItems" ("Kind", "RefId");

CREATE UNIQUE INDEX "IX_Dossiers_CatalogEntryId" ON "Dossiers" ("CatalogEntryId");

CREATE INDEX "IX_Dossiers_KeeperUserId_Year" ON "Dossiers" ("KeeperUserId", "Year");

CREATE INDEX "IX_Dossiers_OrganizationId_Year_Status" ON "Dossiers" ("OrganizationId", "Year", "Status");

CREATE UNIQUE INDEX "IX_FileCatalogs_OrganizationId_Year" ON "FileCatalogs" ("OrganizationId", "Year");
