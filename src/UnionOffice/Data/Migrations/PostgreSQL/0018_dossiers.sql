-- 0018 (issue 17, first slice): the year's catalogue of dossiers (Danh mục hồ sơ, NĐ30 Phụ lục V: headings, planned
-- dossiers with number, notation, retention, keeper) and work dossiers with their documents by reference (Phụ lục VI
-- Phần II §III: FileCode = organ, year, notation; DocOrdinal in time order).

CREATE TABLE "FileCatalogs" (
    "Id" uuid NOT NULL,
    "Version" integer NOT NULL DEFAULT 0,
    "OrganizationId" uuid NOT NULL,
    "Year" integer NOT NULL,
    "NumberPerHeading" boolean NOT NULL,
    "Status" integer NOT NULL,
    "Decision" character varying(300),
    "CreatedByUserId" uuid NOT NULL,
    "CreatedAt" timestamp with time zone NOT NULL,
    "ApprovedByUserId" uuid,
    "ApprovedAt" timestamp with time zone,
    "IssuedAt" timestamp with time zone,
    CONSTRAINT "PK_FileCatalogs" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_FileCatalogs_Organizations_OrganizationId" FOREIGN KEY ("OrganizationId") REFERENCES "Organizations" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "CatalogHeadings" (
    "Id" uuid NOT NULL,
    "CatalogId" uuid NOT NULL,
    "ParentId" uuid,
    "Order" integer NOT NULL,
    "Title" character varying(300) NOT NULL,
    "Abbreviation" character varying(10),
    "DepartmentId" uuid,
    CONSTRAINT "PK_CatalogHeadings" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_CatalogHeadings_CatalogHeadings_ParentId" FOREIGN KEY ("ParentId") REFERENCES "CatalogHeadings" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_CatalogHeadings_FileCatalogs_CatalogId" FOREIGN KEY ("CatalogId") REFERENCES "FileCatalogs" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "CatalogEntries" (
    "Id" uuid NOT NULL,
    "CatalogId" uuid NOT NULL,
    "HeadingId" uuid NOT NULL,
    "Order" integer NOT NULL,
    "Number" integer,
    "Notation" character varying(20),
    "Title" character varying(500) NOT NULL,
    "RetentionYears" integer,
    "KeeperUserId" uuid NOT NULL,
    "Note" character varying(300),
    CONSTRAINT "PK_CatalogEntries" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_CatalogEntries_AspNetUsers_KeeperUserId" FOREIGN KEY ("KeeperUserId") REFERENCES "AspNetUsers" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_CatalogEntries_CatalogHeadings_HeadingId" FOREIGN KEY ("HeadingId") REFERENCES "CatalogHeadings" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_CatalogEntries_FileCatalogs_CatalogId" FOREIGN KEY ("CatalogId") REFERENCES "FileCatalogs" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "Dossiers" (
    "Id" uuid NOT NULL,
    "Version" integer NOT NULL DEFAULT 0,
    "OrganizationId" uuid NOT NULL,
    "Year" integer NOT NULL,
    "CatalogEntryId" uuid,
    "Notation" character varying(20) NOT NULL,
    "Title" character varying(500) NOT NULL,
    "RetentionYears" integer,
    "Rights" character varying(30) NOT NULL,
    "Language" character varying(50) NOT NULL,
    "KeeperUserId" uuid NOT NULL,
    "StartDate" date NOT NULL,
    "EndDate" date,
    "Description" character varying(500),
    "Status" integer NOT NULL,
    "CreatedAt" timestamp with time zone NOT NULL,
    "ClosedAt" timestamp with time zone,
    CONSTRAINT "PK_Dossiers" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_Dossiers_AspNetUsers_KeeperUserId" FOREIGN KEY ("KeeperUserId") REFERENCES "AspNetUsers" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_Dossiers_CatalogEntries_CatalogEntryId" FOREIGN KEY ("CatalogEntryId") REFERENCES "CatalogEntries" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_Dossiers_Organizations_OrganizationId" FOREIGN KEY ("OrganizationId") REFERENCES "Organizations" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "DossierItems" (
    "Id" uuid NOT NULL,
    "DossierId" uuid NOT NULL,
    "Kind" integer NOT NULL,
    "RefId" uuid NOT NULL,
    "DocumentDate" date NOT NULL,
    "Ordinal" integer NOT NULL,
    "FiledByUserId" uuid NOT NULL,
    "FiledAt" timestamp with time zone NOT NULL,
    CONSTRAINT "PK_DossierItems" PRIMARY KEY ("Id"),
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
