-- 0017 (issue 18, first slice): the work core. Tasks (nhiệm vụ) with their parts (TaskAssignees: lead, co-handlers, for
-- information) and reports; one trail table ("Trail", by scope and subject) for every kind of work that has none of its own;
-- deadline extensions shared by incoming assignments and tasks: the column DocumentId becomes WorkId (the document, or the
-- task), a Scope column says which, and the foreign keys to incoming assignments and documents go (a task's extension
-- points at the task). Work plans and their items; the work diary (entries, weeks); an outgoing draft may name the task
-- it was written for.

-- SQLite cannot drop a foreign key: the table is rebuilt (create, copy, drop, rename).
CREATE TABLE "DeadlineExtensions_new" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_DeadlineExtensions" PRIMARY KEY,
    "Version" INTEGER NOT NULL DEFAULT 0,
    "Scope" TEXT NOT NULL DEFAULT 'incoming',
    "AssignmentId" TEXT NOT NULL,
    "WorkId" TEXT NOT NULL,
    "CurrentDeadline" TEXT NOT NULL,
    "RequestedDeadline" TEXT NOT NULL,
    "Reason" TEXT NOT NULL,
    "RequestedByUserId" TEXT NOT NULL,
    "RequestedAt" INTEGER NOT NULL,
    "Status" INTEGER NOT NULL,
    "DecidedByUserId" TEXT NULL,
    "DecidedOnBehalfOfUserId" TEXT NULL,
    "DecidedAt" INTEGER NULL,
    "DecisionNote" TEXT NULL,
    CONSTRAINT "FK_DeadlineExtensions_AspNetUsers_RequestedByUserId" FOREIGN KEY ("RequestedByUserId") REFERENCES "AspNetUsers" ("Id") ON DELETE RESTRICT
);

INSERT INTO "DeadlineExtensions_new" ("Id", "Version", "Scope", "AssignmentId", "WorkId", "CurrentDeadline", "RequestedDeadline", "Reason", "RequestedByUserId", "RequestedAt", "Status", "DecidedByUserId", "DecidedOnBehalfOfUserId", "DecidedAt", "DecisionNote")
SELECT "Id", "Version", 'incoming', "AssignmentId", "DocumentId", "CurrentDeadline", "RequestedDeadline", "Reason", "RequestedByUserId", "RequestedAt", "Status", "DecidedByUserId", "DecidedOnBehalfOfUserId", "DecidedAt", "DecisionNote" FROM "DeadlineExtensions";

DROP TABLE "DeadlineExtensions";

ALTER TABLE "DeadlineExtensions_new" RENAME TO "DeadlineExtensions";

CREATE INDEX "IX_DeadlineExtensions_AssignmentId_Status" ON "DeadlineExtensions" ("AssignmentId", "Status");

CREATE INDEX "IX_DeadlineExtensions_RequestedByUserId" ON "DeadlineExtensions" ("RequestedByUserId");

CREATE INDEX "IX_DeadlineExtensions_WorkId" ON "DeadlineExtensions" ("WorkId");

CREATE TABLE "Trail" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_Trail" PRIMARY KEY,
    "Scope" TEXT NOT NULL,
    "SubjectId" TEXT NOT NULL,
    "At" INTEGER NOT NULL,
    "ActorUserId" TEXT NOT NULL,
    "OnBehalfOfUserId" TEXT NULL,
    "Action" TEXT NOT NULL,
    "Text" TEXT NULL
);

CREATE TABLE "Tasks" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_Tasks" PRIMARY KEY,
    "Version" INTEGER NOT NULL DEFAULT 0,
    "OrganizationId" TEXT NOT NULL,
    "ParentTaskId" TEXT NULL,
    "Title" TEXT NOT NULL,
    "Description" TEXT NULL,
    "Priority" INTEGER NOT NULL,
    "Deadline" TEXT NULL,
    "Origin" INTEGER NOT NULL,
    "OriginId" TEXT NULL,
    "OriginNote" TEXT NULL,
    "GiverRole" INTEGER NOT NULL,
    "GiverDepartmentId" TEXT NULL,
    "GivenByUserId" TEXT NOT NULL,
    "GivenOnBehalfOfUserId" TEXT NULL,
    "GivenAt" INTEGER NOT NULL,
    "LeadDepartmentId" TEXT NULL,
    "LeadUserId" TEXT NULL,
    "Status" INTEGER NOT NULL,
    "Progress" INTEGER NOT NULL,
    "Result" TEXT NULL,
    "ReportedAt" INTEGER NULL,
    "ReturnReason" TEXT NULL,
    "DoneAt" INTEGER NULL,
    "DoneOnTime" INTEGER NULL,
    "CancelledAt" INTEGER NULL,
    "CancelReason" TEXT NULL,
    "SearchKey" TEXT NOT NULL,
    CONSTRAINT "FK_Tasks_AspNetUsers_GivenByUserId" FOREIGN KEY ("GivenByUserId") REFERENCES "AspNetUsers" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_Tasks_Organizations_OrganizationId" FOREIGN KEY ("OrganizationId") REFERENCES "Organizations" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_Tasks_Tasks_ParentTaskId" FOREIGN KEY ("ParentTaskId") REFERENCES "Tasks" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "TaskAssignees" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_TaskAssignees" PRIMARY KEY,
    "Version" INTEGER NOT NULL DEFAULT 0,
    "TaskId" TEXT NOT NULL,
    "Kind" INTEGER NOT NULL,
    "DepartmentId" TEXT NULL,
    "UserId" TEXT NULL,
    "Status" INTEGER NOT NULL,
    "Progress" INTEGER NOT NULL,
    "Note" TEXT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "DoneAt" INTEGER NULL,
    CONSTRAINT "FK_TaskAssignees_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_TaskAssignees_Departments_DepartmentId" FOREIGN KEY ("DepartmentId") REFERENCES "Departments" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_TaskAssignees_Tasks_TaskId" FOREIGN KEY ("TaskId") REFERENCES "Tasks" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "TaskReports" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_TaskReports" PRIMARY KEY,
    "TaskId" TEXT NOT NULL,
    "AssigneeId" TEXT NOT NULL,
    "Kind" TEXT NOT NULL,
    "Percent" INTEGER NOT NULL,
    "Text" TEXT NOT NULL,
    "ByUserId" TEXT NOT NULL,
    "OnBehalfOfUserId" TEXT NULL,
    "At" INTEGER NOT NULL,
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
    "Id" TEXT NOT NULL CONSTRAINT "PK_DiaryEntries" PRIMARY KEY,
    "Version" INTEGER NOT NULL DEFAULT 0,
    "UserId" TEXT NOT NULL,
    "OrganizationId" TEXT NULL,
    "Day" TEXT NOT NULL,
    "Text" TEXT NOT NULL,
    "IsSystem" INTEGER NOT NULL,
    "Action" TEXT NULL,
    "Scope" TEXT NULL,
    "SubjectId" TEXT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "EditedAt" INTEGER NULL,
    CONSTRAINT "FK_DiaryEntries_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "DiaryWeeks" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_DiaryWeeks" PRIMARY KEY,
    "Version" INTEGER NOT NULL DEFAULT 0,
    "UserId" TEXT NOT NULL,
    "WeekStart" TEXT NOT NULL,
    "ClosedAt" INTEGER NULL,
    "Comment" TEXT NULL,
    "CommentByUserId" TEXT NULL,
    "CommentedAt" INTEGER NULL,
    CONSTRAINT "FK_DiaryWeeks_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "WorkPlans" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_WorkPlans" PRIMARY KEY,
    "Version" INTEGER NOT NULL DEFAULT 0,
    "OrganizationId" TEXT NOT NULL,
    "DepartmentId" TEXT NULL,
    "Period" INTEGER NOT NULL,
    "Year" INTEGER NOT NULL,
    "Number" INTEGER NULL,
    "Title" TEXT NOT NULL,
    "CreatedByUserId" TEXT NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "IssuedAt" INTEGER NULL,
    "IssuedByUserId" TEXT NULL,
    CONSTRAINT "FK_WorkPlans_Departments_DepartmentId" FOREIGN KEY ("DepartmentId") REFERENCES "Departments" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_WorkPlans_Organizations_OrganizationId" FOREIGN KEY ("OrganizationId") REFERENCES "Organizations" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "WorkPlanItems" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_WorkPlanItems" PRIMARY KEY,
    "PlanId" TEXT NOT NULL,
    "Order" INTEGER NOT NULL,
    "Title" TEXT NOT NULL,
    "Description" TEXT NULL,
    "LeadDepartmentId" TEXT NULL,
    "LeadUserId" TEXT NULL,
    "Deadline" TEXT NULL,
    "Recurrence" INTEGER NOT NULL,
    "DayOfMonth" INTEGER NULL,
    CONSTRAINT "FK_WorkPlanItems_WorkPlans_PlanId" FOREIGN KEY ("PlanId") REFERENCES "WorkPlans" ("Id") ON DELETE RESTRICT
);

CREATE INDEX "IX_DiaryEntries_UserId_Day" ON "DiaryEntries" ("UserId", "Day");

CREATE UNIQUE INDEX "IX_DiaryWeeks_UserId_WeekStart" ON "DiaryWeeks" ("UserId", "WeekStart");

ALTER TABLE "OutgoingDocuments" ADD "TaskId" TEXT NULL CONSTRAINT "FK_OutgoingDocuments_Tasks_TaskId" REFERENCES "Tasks" ("Id") ON DELETE RESTRICT;

CREATE INDEX "IX_OutgoingDocuments_TaskId" ON "OutgoingDocuments" ("TaskId");

CREATE INDEX "IX_WorkPlanItems_PlanId_Order" ON "WorkPlanItems" ("PlanId", "Order");

CREATE INDEX "IX_WorkPlans_DepartmentId" ON "WorkPlans" ("DepartmentId");

CREATE INDEX "IX_WorkPlans_OrganizationId_Year" ON "WorkPlans" ("OrganizationId", "Year");
