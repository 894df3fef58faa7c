-- 0021 (issue 19, first slice): the leaders' weekly schedule (lịch công tác tuần): weeks approved and published, engagements
-- with who presides and attends, the organ's rooms and cars with their bookings, and calendar subscriptions by secret link.

CREATE TABLE "ScheduleWeeks" (
    "Id" uuid NOT NULL,
    "Version" integer NOT NULL DEFAULT 0,
    "OrganizationId" uuid NOT NULL,
    "WeekStart" date NOT NULL,
    "Status" integer NOT NULL,
    "ApprovedByUserId" uuid,
    "PublishedAt" timestamp with time zone,
    "IsPublic" boolean NOT NULL,
    CONSTRAINT "PK_ScheduleWeeks" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_ScheduleWeeks_Organizations_OrganizationId" FOREIGN KEY ("OrganizationId") REFERENCES "Organizations" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "ScheduleEvents" (
    "Id" uuid NOT NULL,
    "Version" integer NOT NULL DEFAULT 0,
    "OrganizationId" uuid NOT NULL,
    "WeekStart" date NOT NULL,
    "StartsAt" timestamp with time zone NOT NULL,
    "EndsAt" timestamp with time zone NOT NULL,
    "Content" character varying(1000) NOT NULL,
    "Place" character varying(300),
    "RoomId" uuid,
    "CarId" uuid,
    "PreparingDepartmentId" uuid,
    "Guests" character varying(500),
    "Note" character varying(1000),
    "Status" integer NOT NULL,
    "ProposedByUserId" uuid NOT NULL,
    "CreatedAt" timestamp with time zone NOT NULL,
    "ChangedAt" timestamp with time zone,
    "CancelReason" character varying(500),
    "Sequence" integer NOT NULL,
    CONSTRAINT "PK_ScheduleEvents" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_ScheduleEvents_Organizations_OrganizationId" FOREIGN KEY ("OrganizationId") REFERENCES "Organizations" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "ScheduleParticipants" (
    "Id" uuid NOT NULL,
    "EventId" uuid NOT NULL,
    "UserId" uuid,
    "DepartmentId" uuid,
    "Presides" boolean NOT NULL,
    CONSTRAINT "PK_ScheduleParticipants" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_ScheduleParticipants_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_ScheduleParticipants_ScheduleEvents_EventId" FOREIGN KEY ("EventId") REFERENCES "ScheduleEvents" ("Id") ON DELETE CASCADE
);

CREATE TABLE "ScheduleResources" (
    "Id" uuid NOT NULL,
    "OrganizationId" uuid NOT NULL,
    "Kind" integer NOT NULL,
    "Name" character varying(200) NOT NULL,
    "ApproverUserId" uuid NOT NULL,
    "IsActive" boolean NOT NULL,
    CONSTRAINT "PK_ScheduleResources" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_ScheduleResources_AspNetUsers_ApproverUserId" FOREIGN KEY ("ApproverUserId") REFERENCES "AspNetUsers" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_ScheduleResources_Organizations_OrganizationId" FOREIGN KEY ("OrganizationId") REFERENCES "Organizations" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "ResourceBookings" (
    "Id" uuid NOT NULL,
    "Version" integer NOT NULL DEFAULT 0,
    "EventId" uuid NOT NULL,
    "ResourceId" uuid NOT NULL,
    "Status" integer NOT NULL,
    "DecidedByUserId" uuid,
    "DecidedAt" timestamp with time zone,
    "Note" character varying(500),
    "CreatedAt" timestamp with time zone NOT NULL,
    CONSTRAINT "PK_ResourceBookings" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_ResourceBookings_ScheduleEvents_EventId" FOREIGN KEY ("EventId") REFERENCES "ScheduleEvents" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_ResourceBookings_ScheduleResources_ResourceId" FOREIGN KEY ("ResourceId") REFERENCES "ScheduleResources" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "CalendarFeeds" (
    "Id" uuid NOT NULL,
    "UserId" uuid NOT NULL,
    "OrganizationId" uuid,
    "TokenHash" character varying(64) NOT NULL,
    "CreatedAt" timestamp with time zone NOT NULL,
    "RevokedAt" timestamp with time zone,
    "LastReadAt" timestamp with time zone,
    CONSTRAINT "PK_CalendarFeeds" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_CalendarFeeds_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE RESTRICT
);

CREATE UNIQUE INDEX "IX_CalendarFeeds_TokenHash" ON "CalendarFeeds" ("TokenHash");

CREATE INDEX "IX_CalendarFeeds_UserId" ON "CalendarFeeds" ("UserId");

CREATE UNIQUE INDEX "IX_ResourceBookings_EventId_ResourceId" ON "ResourceBookings" ("EventId", "ResourceId");

CREATE INDEX "IX_ResourceBookings_ResourceId_Status" ON "ResourceBookings" ("ResourceId", "Status");

CREATE INDEX "IX_ScheduleEvents_OrganizationId_WeekStart_StartsAt" ON "ScheduleEvents" ("OrganizationId", "WeekStart", "StartsAt");

CREATE INDEX "IX_ScheduleEvents_RoomId_StartsAt" ON "ScheduleEvents" ("RoomId", "StartsAt");

CREATE INDEX "IX_ScheduleParticipants_DepartmentId" ON "ScheduleParticipants" ("DepartmentId");

CREATE INDEX "IX_ScheduleParticipants_EventId" ON "ScheduleParticipants" ("EventId");

CREATE INDEX "IX_ScheduleParticipants_UserId" ON "ScheduleParticipants" ("UserId");

CREATE INDEX "IX_ScheduleResources_ApproverUserId" ON "ScheduleResources" ("ApproverUserId");

CREATE INDEX "IX_ScheduleResources_OrganizationId_Kind" ON "ScheduleResources" ("OrganizationId", "Kind");

CREATE UNIQUE INDEX "IX_ScheduleWeeks_OrganizationId_WeekStart" ON "ScheduleWeeks" ("OrganizationId", "WeekStart");
