-- 0017 (issue 18, first slice): the work core. Tasks (nhiệm vụ) with their parts (TaskAssignees: lead, co-handlers, for
-- information) and reports; one trail table ("Trail", by scope and subject) for every kind of work that has none of its own;
-- deadline extensions shared by incoming assignments and tasks: the column DocumentId becomes WorkId (the document, or the
-- task), a Scope column says which, and the foreign keys to incoming assignments and documents go (a task's extension
-- points at the task).

ALTER TABLE "DeadlineExtensions" DROP CONSTRAINT "FK_DeadlineExtensions_IncomingAssignments_AssignmentId";
ALTER TABLE "DeadlineExtensions" DROP CONSTRAINT "FK_DeadlineExtensions_IncomingDocuments_DocumentId";
ALTER TABLE "DeadlineExtensions" RENAME COLUMN "DocumentId" TO "WorkId";
ALTER INDEX "IX_DeadlineExtensions_DocumentId" RENAME TO "IX_DeadlineExtensions_WorkId";
ALTER TABLE "DeadlineExtensions" ADD "Scope" character varying(20) NOT NULL DEFAULT 'incoming';

CREATE TABLE "Trail" (
    "Id" uuid NOT NULL,
    "Scope" character varying(20) NOT NULL,
    "SubjectId" uuid NOT NULL,
    "At" timestamp with time zone NOT NULL,
    "ActorUserId" uuid NOT NULL,
    "OnBehalfOfUserId" uuid,
    "Action" character varying(40) NOT NULL,
    "Text" character varying(2000),
    CONSTRAINT "PK_Trail" PRIMARY KEY ("Id")
);

CREATE TABLE "Tasks" (
    "Id" uuid NOT NULL,
    "Version" integer NOT NULL DEFAULT 0,
    "OrganizationId" uuid NOT NULL,
    "ParentTaskId" uuid,
    "Title" character varying(500) NOT NULL,
    "Description" character varying(4000),
    "Priority" integer NOT NULL,
    "Deadline" date,
    "Origin" integer NOT NULL,
    "OriginId" uuid,
    "OriginNote" character varying(1000),
    "GiverRole" integer NOT NULL,
    "GiverDepartmentId" uuid,
    "GivenByUserId" uuid NOT NULL,
    "GivenOnBehalfOfUserId" uuid,
    "GivenAt" timestamp with time zone NOT NULL,
    "LeadDepartmentId" uuid,
    "LeadUserId" uuid,
    "Status" integer NOT NULL,
    "Progress" integer NOT NULL,
    "Result" character varying(4000),
    "ReportedAt" timestamp with time zone,
    "ReturnReason" character varying(1000),
    "DoneAt" timestamp with time zone,
    "DoneOnTime" boolean,
    "CancelledAt" timestamp with time zone,
    "CancelReason" character varying(1000),
    "SearchKey" character varying(1000) NOT NULL,
    CONSTRAINT "PK_Tasks" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_Tasks_AspNetUsers_GivenByUserId" FOREIGN KEY ("GivenByUserId") REFERENCES "AspNetUsers" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_Tasks_Organizations_OrganizationId" FOREIGN KEY ("OrganizationId") REFERENCES "Organizations" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_Tasks_Tasks_ParentTaskId" FOREIGN KEY ("ParentTaskId") REFERENCES "Tasks" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "TaskAssignees" (
    "Id" uuid NOT NULL,
    "Version" integer NOT NULL DEFAULT 0,
    "TaskId" uuid NOT NULL,
    "Kind" integer NOT NULL,
    "DepartmentId" uuid,
    "UserId" uuid,
    "Status" integer NOT NULL,
    "Progress" integer NOT NULL,
    "Note" character varying(2000),
    "CreatedAt" timestamp with time zone NOT NULL,
    "DoneAt" timestamp with time zone,
    CONSTRAINT "PK_TaskAssignees" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_TaskAssignees_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_TaskAssignees_Departments_DepartmentId" FOREIGN KEY ("DepartmentId") REFERENCES "Departments" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_TaskAssignees_Tasks_TaskId" FOREIGN KEY ("TaskId") REFERENCES "Tasks" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "TaskReports" (
    "Id" uuid NOT NULL,
    "TaskId" uuid NOT NULL,
    "AssigneeId" uuid NOT NULL,
    "Kind" character varying(20) NOT NULL,
    "Percent" integer NOT NULL,
    "Text" character varying(4000) NOT NULL,
    "ByUserId" uuid NOT NULL,
    "OnBehalfOfUserId" uuid,
    "At" timestamp with time zone NOT NULL,
    CONSTRAINT "PK_TaskReports" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_TaskReports_Tasks_TaskId" FOREIGN KEY ("TaskId") REFERENCES "Tasks" ("Id") ON DELETE RESTRICT
);

CREATE INDEX "IX_TaskAssignees_DepartmentId_Status" ON "TaskAssignees" ("DepartmentId", "Status");

CREATE INDEX "IX_TaskAssignees_TaskId" ON "TaskAssignees" ("TaskId");

CREATE INDEX "IX_TaskAssignees_UserId_Status" ON "TaskAssignees" ("UserId", "Status");

CREATE INDEX "IX_TaskReports_TaskId_At" ON "TaskReports" ("TaskId", "At");

CREATE INDEX "IX_Tasks_GivenByUserId_Status" ON "Tasks" ("GivenByUserId", "Status");

CREATE INDEX "IX_Tasks_LeadDepartmentId_Status_Deadline" ON "Tasks" ("LeadDepartmentId", "Status", "Deadline");

CREATE INDEX "IX_Tasks_LeadUserId_Status_Deadline" ON "Tasks" ("LeadUserId", "Status", "Deadline");

CREATE INDEX "IX_Tasks_OrganizationId_Status_Deadline" ON "Tasks" ("OrganizationId", "Status", "Deadline");

CREATE INDEX "IX_Tasks_OrganizationId_Status_DoneAt" ON "Tasks" ("OrganizationId", "Status", "DoneAt");

CREATE INDEX "IX_Tasks_Origin_OriginId" ON "Tasks" ("Origin", "OriginId");

CREATE INDEX "IX_Tasks_ParentTaskId" ON "Tasks" ("ParentTaskId");

CREATE INDEX "IX_Trail_SubjectId_At" ON "Trail" ("SubjectId", "At");
