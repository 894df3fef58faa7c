-- 0003: incoming registers (one per organ and year) and incoming documents (NĐ30 Phụ lục VI, Part II §II).
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
    "SearchKey" character varying(1200) NOT NULL,
    "DuplicateKey" character varying(300) NOT NULL,
    CONSTRAINT "PK_IncomingDocuments" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_IncomingDocuments_AspNetUsers_RegisteredByUserId" FOREIGN KEY ("RegisteredByUserId") REFERENCES "AspNetUsers" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_IncomingDocuments_IncomingRegisters_RegisterId" FOREIGN KEY ("RegisterId") REFERENCES "IncomingRegisters" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_IncomingDocuments_Organizations_OrganizationId" FOREIGN KEY ("OrganizationId") REFERENCES "Organizations" ("Id") ON DELETE RESTRICT
);

CREATE INDEX "IX_IncomingDocuments_OrganizationId_DuplicateKey" ON "IncomingDocuments" ("OrganizationId", "DuplicateKey");

CREATE INDEX "IX_IncomingDocuments_RegisteredByUserId" ON "IncomingDocuments" ("RegisteredByUserId");

CREATE UNIQUE INDEX "IX_IncomingDocuments_RegisterId_ArrivalNumber" ON "IncomingDocuments" ("RegisterId", "ArrivalNumber");

CREATE UNIQUE INDEX "IX_IncomingRegisters_OrganizationId_Year" ON "IncomingRegisters" ("OrganizationId", "Year");
