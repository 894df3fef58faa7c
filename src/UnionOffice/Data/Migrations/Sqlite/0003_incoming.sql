-- 0003: incoming documents (NĐ30 Phụ lục VI, Part II §II): yearly registers, documents, assignments (chủ trì, phối hợp,
-- để biết; forwarded within departments) and the processing trail.
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
    "PresentedAt" INTEGER NULL,
    "PresentedToUserId" TEXT NULL,
    "Direction" TEXT NULL,
    "DirectedAt" INTEGER NULL,
    "DirectedByUserId" TEXT NULL,
    "DoneAt" INTEGER NULL,
    "SearchKey" TEXT NOT NULL,
    "DuplicateKey" TEXT NOT NULL,
    CONSTRAINT "FK_IncomingDocuments_AspNetUsers_RegisteredByUserId" FOREIGN KEY ("RegisteredByUserId") REFERENCES "AspNetUsers" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_IncomingDocuments_IncomingRegisters_RegisterId" FOREIGN KEY ("RegisterId") REFERENCES "IncomingRegisters" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_IncomingDocuments_Organizations_OrganizationId" FOREIGN KEY ("OrganizationId") REFERENCES "Organizations" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "IncomingAssignments" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_IncomingAssignments" PRIMARY KEY,
    "DocumentId" TEXT NOT NULL,
    "Kind" INTEGER NOT NULL,
    "DepartmentId" TEXT NULL,
    "UserId" TEXT NULL,
    "Deadline" TEXT NULL,
    "AssignedByUserId" TEXT NOT NULL,
    "AssignedOnBehalfOfUserId" TEXT NULL,
    "ParentAssignmentId" TEXT NULL,
    "Status" INTEGER NOT NULL,
    "Opinion" TEXT NULL,
    "ReturnReason" TEXT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "CompletedAt" INTEGER NULL,
    CONSTRAINT "FK_IncomingAssignments_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_IncomingAssignments_Departments_DepartmentId" FOREIGN KEY ("DepartmentId") REFERENCES "Departments" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_IncomingAssignments_IncomingAssignments_ParentAssignmentId" FOREIGN KEY ("ParentAssignmentId") REFERENCES "IncomingAssignments" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_IncomingAssignments_IncomingDocuments_DocumentId" FOREIGN KEY ("DocumentId") REFERENCES "IncomingDocuments" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "IncomingTrail" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_IncomingTrail" PRIMARY KEY,
    "DocumentId" TEXT NOT NULL,
    "At" INTEGER NOT NULL,
    "ActorUserId" TEXT NOT NULL,
    "OnBehalfOfUserId" TEXT NULL,
    "Action" TEXT NOT NULL,
    "Text" TEXT NULL,
    CONSTRAINT "FK_IncomingTrail_IncomingDocuments_DocumentId" FOREIGN KEY ("DocumentId") REFERENCES "IncomingDocuments" ("Id") ON DELETE RESTRICT
);

CREATE INDEX "IX_IncomingAssignments_DepartmentId_Status" ON "IncomingAssignments" ("DepartmentId", "Status");

CREATE INDEX "IX_IncomingAssignments_DocumentId" ON "IncomingAssignments" ("DocumentId");

CREATE INDEX "IX_IncomingAssignments_ParentAssignmentId" ON "IncomingAssignments" ("ParentAssignmentId");

CREATE INDEX "IX_IncomingAssignments_UserId_Status" ON "IncomingAssignments" ("UserId", "Status");

CREATE INDEX "IX_IncomingDocuments_OrganizationId_DuplicateKey" ON "IncomingDocuments" ("OrganizationId", "DuplicateKey");

CREATE INDEX "IX_IncomingDocuments_OrganizationId_Status" ON "IncomingDocuments" ("OrganizationId", "Status");

CREATE INDEX "IX_IncomingDocuments_RegisteredByUserId" ON "IncomingDocuments" ("RegisteredByUserId");

CREATE UNIQUE INDEX "IX_IncomingDocuments_RegisterId_ArrivalNumber" ON "IncomingDocuments" ("RegisterId", "ArrivalNumber");

CREATE UNIQUE INDEX "IX_IncomingRegisters_OrganizationId_Year" ON "IncomingRegisters" ("OrganizationId", "Year");

CREATE INDEX "IX_IncomingTrail_DocumentId_At" ON "IncomingTrail" ("DocumentId", "At");
