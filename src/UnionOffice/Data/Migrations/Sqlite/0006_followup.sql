-- 0006: follow-up of incoming work: requests to extend a deadline (gia hạn) decided by whoever gave the work, and
-- notifications to people (work given, chases, reminders before and after deadlines), with e-mail copies.
CREATE TABLE "Notifications" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_Notifications" PRIMARY KEY,
    "UserId" TEXT NOT NULL,
    "Kind" TEXT NOT NULL,
    "Title" TEXT NOT NULL,
    "Link" TEXT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "ReadAt" INTEGER NULL,
    "DedupKey" TEXT NULL,
    "MailedAt" INTEGER NULL,
    CONSTRAINT "FK_Notifications_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
);

CREATE TABLE "DeadlineExtensions" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_DeadlineExtensions" PRIMARY KEY,
    "Version" INTEGER NOT NULL DEFAULT 0,
    "AssignmentId" TEXT NOT NULL,
    "DocumentId" TEXT NOT NULL,
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
    CONSTRAINT "FK_DeadlineExtensions_AspNetUsers_RequestedByUserId" FOREIGN KEY ("RequestedByUserId") REFERENCES "AspNetUsers" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_DeadlineExtensions_IncomingAssignments_AssignmentId" FOREIGN KEY ("AssignmentId") REFERENCES "IncomingAssignments" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_DeadlineExtensions_IncomingDocuments_DocumentId" FOREIGN KEY ("DocumentId") REFERENCES "IncomingDocuments" ("Id") ON DELETE RESTRICT
);

CREATE INDEX "IX_DeadlineExtensions_AssignmentId_Status" ON "DeadlineExtensions" ("AssignmentId", "Status");

CREATE INDEX "IX_DeadlineExtensions_DocumentId" ON "DeadlineExtensions" ("DocumentId");

CREATE INDEX "IX_DeadlineExtensions_RequestedByUserId" ON "DeadlineExtensions" ("RequestedByUserId");

CREATE UNIQUE INDEX "IX_Notifications_DedupKey" ON "Notifications" ("DedupKey");

CREATE INDEX "IX_Notifications_MailedAt" ON "Notifications" ("MailedAt");

CREATE INDEX "IX_Notifications_UserId_CreatedAt" ON "Notifications" ("UserId", "CreatedAt");

CREATE INDEX "IX_Notifications_UserId_ReadAt" ON "Notifications" ("UserId", "ReadAt");

