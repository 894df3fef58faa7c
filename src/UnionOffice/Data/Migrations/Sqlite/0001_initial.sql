-- 0001: initial schema (organisation tree, accounts, roles, delegations, audit log).
-- Generated from the EF model with the schema-script command, then reviewed; see docs/adr/0002-migrations.md.
CREATE TABLE "AuditEntries" (
    "Sequence" INTEGER NOT NULL CONSTRAINT "PK_AuditEntries" PRIMARY KEY,
    "At" INTEGER NOT NULL,
    "Action" TEXT NOT NULL,
    "ActorUserId" TEXT NULL,
    "ActorUserName" TEXT NULL,
    "OnBehalfOfUserId" TEXT NULL,
    "OrganizationId" TEXT NULL,
    "TargetType" TEXT NULL,
    "TargetId" TEXT NULL,
    "Details" TEXT NULL,
    "IpAddress" TEXT NULL,
    "Succeeded" INTEGER NOT NULL,
    "PreviousHash" TEXT NOT NULL,
    "Hash" TEXT NOT NULL
);


CREATE TABLE "Organizations" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_Organizations" PRIMARY KEY,
    "Code" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "Kind" INTEGER NOT NULL,
    "ParentId" TEXT NULL,
    "IsActive" INTEGER NOT NULL,
    "UserNameSuffix" TEXT NOT NULL,
    "OtpRequiredRoles" TEXT NOT NULL,
    CONSTRAINT "FK_Organizations_Organizations_ParentId" FOREIGN KEY ("ParentId") REFERENCES "Organizations" ("Id") ON DELETE RESTRICT
);


CREATE TABLE "AspNetUsers" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_AspNetUsers" PRIMARY KEY,
    "FullName" TEXT NOT NULL,
    "HomeOrganizationId" TEXT NOT NULL,
    "Status" INTEGER NOT NULL,
    "StatusReason" TEXT NULL,
    "IssuedAt" INTEGER NOT NULL,
    "LastLoginAt" INTEGER NULL,
    "MustChangePassword" INTEGER NOT NULL,
    "LastOtpTimeStep" INTEGER NOT NULL,
    "JobTitle" TEXT NULL,
    "SearchKey" TEXT NOT NULL,
    "UserName" TEXT NULL,
    "NormalizedUserName" TEXT NULL,
    "Email" TEXT NULL,
    "NormalizedEmail" TEXT NULL,
    "EmailConfirmed" INTEGER NOT NULL,
    "PasswordHash" TEXT NULL,
    "SecurityStamp" TEXT NULL,
    "ConcurrencyStamp" TEXT NULL,
    "PhoneNumber" TEXT NULL,
    "PhoneNumberConfirmed" INTEGER NOT NULL,
    "TwoFactorEnabled" INTEGER NOT NULL,
    "LockoutEnd" INTEGER NULL,
    "LockoutEnabled" INTEGER NOT NULL,
    "AccessFailedCount" INTEGER NOT NULL,
    CONSTRAINT "FK_AspNetUsers_Organizations_HomeOrganizationId" FOREIGN KEY ("HomeOrganizationId") REFERENCES "Organizations" ("Id") ON DELETE RESTRICT
);


CREATE TABLE "Departments" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_Departments" PRIMARY KEY,
    "OrganizationId" TEXT NOT NULL,
    "Code" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "IsActive" INTEGER NOT NULL,
    CONSTRAINT "FK_Departments_Organizations_OrganizationId" FOREIGN KEY ("OrganizationId") REFERENCES "Organizations" ("Id") ON DELETE RESTRICT
);


CREATE TABLE "AspNetUserClaims" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_AspNetUserClaims" PRIMARY KEY AUTOINCREMENT,
    "UserId" TEXT NOT NULL,
    "ClaimType" TEXT NULL,
    "ClaimValue" TEXT NULL,
    CONSTRAINT "FK_AspNetUserClaims_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
);


CREATE TABLE "AspNetUserLogins" (
    "LoginProvider" TEXT NOT NULL,
    "ProviderKey" TEXT NOT NULL,
    "ProviderDisplayName" TEXT NULL,
    "UserId" TEXT NOT NULL,
    CONSTRAINT "PK_AspNetUserLogins" PRIMARY KEY ("LoginProvider", "ProviderKey"),
    CONSTRAINT "FK_AspNetUserLogins_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
);


CREATE TABLE "AspNetUserTokens" (
    "UserId" TEXT NOT NULL,
    "LoginProvider" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "Value" TEXT NULL,
    CONSTRAINT "PK_AspNetUserTokens" PRIMARY KEY ("UserId", "LoginProvider", "Name"),
    CONSTRAINT "FK_AspNetUserTokens_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
);


CREATE TABLE "Delegations" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_Delegations" PRIMARY KEY,
    "OrganizationId" TEXT NOT NULL,
    "FromUserId" TEXT NOT NULL,
    "ToUserId" TEXT NOT NULL,
    "Role" INTEGER NOT NULL,
    "StartDate" TEXT NOT NULL,
    "EndDate" TEXT NOT NULL,
    "Reason" TEXT NULL,
    "Status" INTEGER NOT NULL,
    "DecidedByUserId" TEXT NULL,
    "DecidedAt" INTEGER NULL,
    "CreatedAt" INTEGER NOT NULL,
    CONSTRAINT "FK_Delegations_AspNetUsers_FromUserId" FOREIGN KEY ("FromUserId") REFERENCES "AspNetUsers" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_Delegations_AspNetUsers_ToUserId" FOREIGN KEY ("ToUserId") REFERENCES "AspNetUsers" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_Delegations_Organizations_OrganizationId" FOREIGN KEY ("OrganizationId") REFERENCES "Organizations" ("Id") ON DELETE RESTRICT
);


CREATE TABLE "RoleAssignments" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_RoleAssignments" PRIMARY KEY,
    "UserId" TEXT NOT NULL,
    "OrganizationId" TEXT NOT NULL,
    "DepartmentId" TEXT NULL,
    "Role" INTEGER NOT NULL,
    CONSTRAINT "FK_RoleAssignments_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_RoleAssignments_Departments_DepartmentId" FOREIGN KEY ("DepartmentId") REFERENCES "Departments" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_RoleAssignments_Organizations_OrganizationId" FOREIGN KEY ("OrganizationId") REFERENCES "Organizations" ("Id") ON DELETE RESTRICT
);


CREATE INDEX "IX_AspNetUserClaims_UserId" ON "AspNetUserClaims" ("UserId");


CREATE INDEX "IX_AspNetUserLogins_UserId" ON "AspNetUserLogins" ("UserId");


CREATE INDEX "EmailIndex" ON "AspNetUsers" ("NormalizedEmail");


CREATE INDEX "IX_AspNetUsers_HomeOrganizationId" ON "AspNetUsers" ("HomeOrganizationId");


CREATE UNIQUE INDEX "UserNameIndex" ON "AspNetUsers" ("NormalizedUserName");


CREATE INDEX "IX_AuditEntries_ActorUserId_Sequence" ON "AuditEntries" ("ActorUserId", "Sequence");


CREATE INDEX "IX_AuditEntries_At" ON "AuditEntries" ("At");


CREATE INDEX "IX_AuditEntries_OrganizationId_Sequence" ON "AuditEntries" ("OrganizationId", "Sequence");


CREATE INDEX "IX_Delegations_FromUserId" ON "Delegations" ("FromUserId");


CREATE INDEX "IX_Delegations_OrganizationId_Status" ON "Delegations" ("OrganizationId", "Status");


CREATE INDEX "IX_Delegations_ToUserId_Status" ON "Delegations" ("ToUserId", "Status");


CREATE UNIQUE INDEX "IX_Departments_OrganizationId_Code" ON "Departments" ("OrganizationId", "Code");


CREATE UNIQUE INDEX "IX_Organizations_Code" ON "Organizations" ("Code");


CREATE INDEX "IX_Organizations_ParentId" ON "Organizations" ("ParentId");


CREATE INDEX "IX_RoleAssignments_DepartmentId" ON "RoleAssignments" ("DepartmentId");


CREATE INDEX "IX_RoleAssignments_OrganizationId_Role" ON "RoleAssignments" ("OrganizationId", "Role");


CREATE INDEX "IX_RoleAssignments_UserId_OrganizationId_Role" ON "RoleAssignments" ("UserId", "OrganizationId", "Role");




-- The audit log is append-only: the database itself refuses to change or delete a past record.
CREATE TRIGGER "TR_AuditEntries_NoUpdate" BEFORE UPDATE ON "AuditEntries"
BEGIN
    SELECT RAISE(ABORT, 'audit log is append-only');
END;

CREATE TRIGGER "TR_AuditEntries_NoDelete" BEFORE DELETE ON "AuditEntries"
BEGIN
    SELECT RAISE(ABORT, 'audit log is append-only');
END;
