-- 0017 (issue 18, first slice): the work core. Tasks (nhiệm vụ) with their parts (TaskAssignees: lead, co-handlers, for
-- information) and reports; one trail table ("Trail", by scope and subject) for every kind of work that has none of its own;
-- deadline extensions shared by incoming assignments and tasks: the column DocumentId becomes WorkId (the document, or the
-- task), a Scope column says which, and the foreign keys to incoming assignments and documents go (a task's extension
-- points at the task). Work plans and their items; the work diary (entries, weeks); an outgoing draft may name the task
-- it was written for.

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

CREATE TABLE "DiaryEntries" (
    "Id" uuid NOT NULL,
    "Version" integer NOT NULL DEFAULT 0,
    "UserId" uuid NOT NULL,
    "OrganizationId" uuid,
    "Day" date NOT NULL,
    "Text" character varying(2000) NOT NULL,
    "IsSystem" boolean NOT NULL,
    "Action" character varying(40),
    "Scope" character varying(20),
    "SubjectId" uuid,
    "CreatedAt" timestamp with time zone NOT NULL,
    "EditedAt" timestamp with time zone,
    CONSTRAINT "PK_DiaryEntries" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_DiaryEntries_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "DiaryWeeks" (
    "Id" uuid NOT NULL,
    "Version" integer NOT NULL DEFAULT 0,
    "UserId" uuid NOT NULL,
    "WeekStart" date NOT NULL,
    "ClosedAt" timestamp with time zone,
    "Comment" character varying(2000),
    "CommentByUserId" uuid,
    "CommentedAt" timestamp with time zone,
    CONSTRAINT "PK_DiaryWeeks" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_DiaryWeeks_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "WorkPlans" (
    "Id" uuid NOT NULL,
    "Version" integer NOT NULL DEFAULT 0,
    "OrganizationId" uuid NOT NULL,
    "DepartmentId" uuid,
    "Period" integer NOT NULL,
    "Year" integer NOT NULL,
    "Number" integer,
    "Title" character varying(300) NOT NULL,
    "CreatedByUserId" uuid NOT NULL,
    "CreatedAt" timestamp with time zone NOT NULL,
    "IssuedAt" timestamp with time zone,
    "IssuedByUserId" uuid,
    CONSTRAINT "PK_WorkPlans" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_WorkPlans_Departments_DepartmentId" FOREIGN KEY ("DepartmentId") REFERENCES "Departments" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_WorkPlans_Organizations_OrganizationId" FOREIGN KEY ("OrganizationId") REFERENCES "Organizations" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "WorkPlanItems" (
    "Id" uuid NOT NULL,
    "PlanId" uuid NOT NULL,
    "Order" integer NOT NULL,
    "Title" character varying(500) NOT NULL,
    "Description" character varying(4000),
    "LeadDepartmentId" uuid,
    "LeadUserId" uuid,
    "Deadline" date,
    "Recurrence" integer NOT NULL,
    "DayOfMonth" integer,
    CONSTRAINT "PK_WorkPlanItems" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_WorkPlanItems_WorkPlans_PlanId" FOREIGN KEY ("PlanId") REFERENCES "WorkPlans" ("Id") ON DELETE RESTRICT
);

CREATE INDEX "IX_DiaryEntries_UserId_Day" ON "DiaryEntries" ("UserId", "Day");

CREATE UNIQUE INDEX "IX_DiaryWeeks_UserId_WeekStart" ON "DiaryWeeks" ("UserId", "WeekStart");

ALTER TABLE "OutgoingDocuments" ADD "TaskId" uuid;
ALTER TABLE "OutgoingDocuments" ADD CONSTRAINT "FK_OutgoingDocuments_Tasks_TaskId" FOREIGN KEY ("TaskId") REFERENCES "Tasks" ("Id") ON DELETE RESTRICT;

CREATE INDEX "IX_OutgoingDocuments_TaskId" ON "OutgoingDocuments" ("TaskId");

CREATE INDEX "IX_WorkPlanItems_PlanId_Order" ON "WorkPlanItems" ("PlanId", "Order");

CREATE INDEX "IX_WorkPlans_DepartmentId" ON "WorkPlans" ("DepartmentId");

CREATE INDEX "IX_WorkPlans_OrganizationId_Year" ON "WorkPlans" ("OrganizationId", "Year");
