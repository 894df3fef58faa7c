-- 0003: incoming documents (NĐ30 Phụ lục VI, Part II §II): yearly registers, documents, assignments (chủ trì, phối hợp,
-- để biết; forwarded within departments) and the processing trail.
CREATE TABLE "IncomingRegisters" (
    "Id" uuid NOT NULL,
    "OrganizationId" uuid NOT NULL,
    "Year" integer NOT NULL,
    "Name" character varying(200) NOT NULL,
    "LastNumber" bigint NOT NULL,
    CONSTRAINT "PK_IncomingRegisters" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_IncomingRegisters_Organizations_OrganizationId" FOREIGN KEY ("OrganizationId") REFERENCES "Organizations" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "IncomingDocuments" (
    "Id" uuid NOT NULL,
    "OrganizationId" uuid NOT NULL,
    "RegisterId" uuid NOT NULL,
    "ArrivalNumber" bigint NOT NULL,
    "ArrivalDate" date NOT NULL,
    "RegisteredAt" timestamp with time zone NOT NULL,
    "RegisteredByUserId" uuid NOT NULL,
    "RegisteredOnBehalfOfUserId" uuid,
    "IssuerName" character varying(200) NOT NULL,
    "IssuerCode" character varying(13),
    "CodeNumber" character varying(11) NOT NULL,
    "CodeNotation" character varying(30) NOT NULL,
    "IssuedDate" date NOT NULL,
    "TypeName" character varying(100) NOT NULL,
    "Subject" character varying(500) NOT NULL,
    "Language" character varying(30) NOT NULL,
    "PageAmount" integer,
    "Description" character varying(500),
    "SignerPosition" character varying(100),
    "SignerName" character varying(50),
    "Urgency" integer NOT NULL,
    "ToPlaces" character varying(1000),
    "DueDate" date,
    "Status" integer NOT NULL,
    "PresentedAt" timestamp with time zone,
    "PresentedToUserId" uuid,
    "Direction" character varying(2000),
    "DirectedAt" timestamp with time zone,
    "DirectedByUserId" uuid,
    "DoneAt" timestamp with time zone,
    "SearchKey" character varying(1200) NOT NULL,
    "DuplicateKey" character varying(300) NOT NULL,
    CONSTRAINT "PK_IncomingDocuments" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_IncomingDocuments_AspNetUsers_RegisteredByUserId" FOREIGN KEY ("RegisteredByUserId") REFERENCES "AspNetUsers" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_IncomingDocuments_IncomingRegisters_RegisterId" FOREIGN KEY ("RegisterId") REFERENCES "IncomingRegisters" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_IncomingDocuments_Organizations_OrganizationId" FOREIGN KEY ("OrganizationId") REFERENCES "Organizations" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "IncomingAssignments" (
    "Id" uuid NOT NULL,
    "DocumentId" uuid NOT NULL,
    "Kind" integer NOT NULL,
    "DepartmentId" uuid,
    "UserId" uuid,
    "Deadline" date,
    "AssignedByUserId" uuid NOT NULL,
    "AssignedOnBehalfOfUserId" uuid,
    "ParentAssignmentId" uuid,
    "Status" integer NOT NULL,
    "Opinion" character varying(2000),
    "ReturnReason" character varying(1000),
    "CreatedAt" timestamp with time zone NOT NULL,
    "CompletedAt" timestamp with time zone,
    CONSTRAINT "PK_IncomingAssignments" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_IncomingAssignments_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_IncomingAssignments_Departments_DepartmentId" FOREIGN KEY ("DepartmentId") REFERENCES "Departments" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_IncomingAssignments_IncomingAssignments_ParentAssignmentId" FOREIGN KEY ("ParentAssignmentId") REFERENCES "IncomingAssignments" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_IncomingAssignments_IncomingDocuments_DocumentId" FOREIGN KEY ("DocumentId") REFERENCES "IncomingDocuments" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "IncomingTrail" (
    "Id" uuid NOT NULL,
    "DocumentId" uuid NOT NULL,
    "At" timestamp with time zone NOT NULL,
    "ActorUserId" uuid NOT NULL,
    "OnBehalfOfUserId" uuid,
    "Action" character varying(40) NOT NULL,
    "Text" character varying(2000),
    CONSTRAINT "PK_IncomingTrail" PRIMARY KEY ("Id"),
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
