-- 0003: incoming registers (one per organ and year) and incoming documents (NĐ30 Phụ lục VI, Part II §II).
CREATE TABLE "IncomingRegisters" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_IncomingRegisters" PRIMARY KEY,
    "OrganizationId" TEXT NOT NULL,
    "Year" INTEGER NOT NULL,
    "Name" TEXT NOT NULL,
    "LastNumber" INTEGER NOT NULL,
    CONSTRAINT "FK_IncomingRegisters_Organizations_OrganizationId" FOREIGN KEY ("OrganizationId") REFERENCES "Organizations" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "IncomingDocuments" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_IncomingDocuments" PRIMARY KEY,
    "OrganizationId" TEXT NOT NULL,
    "RegisterId" TEXT NOT NULL,
    "ArrivalNumber" INTEGER NOT NULL,
    "ArrivalDate" TEXT NOT NULL,
    "RegisteredAt" INTEGER NOT NULL,
    "RegisteredByUserId" TEXT NOT NULL,
    "RegisteredOnBehalfOfUserId" TEXT NULL,
    "IssuerName" TEXT NOT NULL,
    "IssuerCode" TEXT NULL,
    "CodeNumber" TEXT NOT NULL,
    "CodeNotation" TEXT NOT NULL,
    "IssuedDate" TEXT NOT NULL,
    "TypeName" TEXT NOT NULL,
    "Subject" TEXT NOT NULL,
    "Language" TEXT NOT NULL,
    "PageAmount" INTEGER NULL,
    "Description" TEXT NULL,
    "SignerPosition" TEXT NULL,
    "SignerName" TEXT NULL,
    "Urgency" INTEGER NOT NULL,
    "ToPlaces" TEXT NULL,
    "DueDate" TEXT NULL,
    "Status" INTEGER NOT NULL,
    "SearchKey" TEXT NOT NULL,
    "DuplicateKey" TEXT NOT NULL,
    CONSTRAINT "FK_IncomingDocuments_AspNetUsers_RegisteredByUserId" FOREIGN KEY ("RegisteredByUserId") REFERENCES "AspNetUsers" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_IncomingDocuments_IncomingRegisters_RegisterId" FOREIGN KEY ("RegisterId") REFERENCES "IncomingRegisters" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_IncomingDocuments_Organizations_OrganizationId" FOREIGN KEY ("OrganizationId") REFERENCES "Organizations" ("Id") ON DELETE RESTRICT
);

CREATE INDEX "IX_IncomingDocuments_OrganizationId_DuplicateKey" ON "IncomingDocuments" ("OrganizationId", "DuplicateKey");

CREATE INDEX "IX_IncomingDocuments_RegisteredByUserId" ON "IncomingDocuments" ("RegisteredByUserId");

CREATE UNIQUE INDEX "IX_IncomingDocuments_RegisterId_ArrivalNumber" ON "IncomingDocuments" ("RegisterId", "ArrivalNumber");

CREATE UNIQUE INDEX "IX_IncomingRegisters_OrganizationId_Year" ON "IncomingRegisters" ("OrganizationId", "Year");
