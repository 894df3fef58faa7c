-- 0022 (issue 19, second slice): meetings of the organ's bodies and office: agenda, invitees (members who vote, guests
-- inside and outside the system) with their answers, substitutes and presence; requests to speak; votes, open or secret,
-- with ballots kept apart from a secret vote's choices; materials in versions and each reader's private notes on them.

CREATE TABLE "Meetings" (
    "Id" uuid NOT NULL,
    "Version" integer NOT NULL DEFAULT 0,
    "OrganizationId" uuid NOT NULL,
    "Body" integer NOT NULL,
    "Title" character varying(500) NOT NULL,
    "StartsAt" timestamp with time zone NOT NULL,
    "EndsAt" timestamp with time zone NOT NULL,
    "Place" character varying(300),
    "PresidingUserId" uuid NOT NULL,
    "QuorumNumerator" integer NOT NULL,
    "QuorumDenominator" integer NOT NULL,
    "MajorityOfMembers" boolean NOT NULL,
    "Status" integer NOT NULL,
    "CreatedByUserId" uuid NOT NULL,
    "CreatedAt" timestamp with time zone NOT NULL,
    "ScheduleEventId" uuid,
    CONSTRAINT "PK_Meetings" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_Meetings_AspNetUsers_PresidingUserId" FOREIGN KEY ("PresidingUserId") REFERENCES "AspNetUsers" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_Meetings_Organizations_OrganizationId" FOREIGN KEY ("OrganizationId") REFERENCES "Organizations" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "AgendaItems" (
    "Id" uuid NOT NULL,
    "MeetingId" uuid NOT NULL,
    "Order" integer NOT NULL,
    "Title" character varying(500) NOT NULL,
    "Presenter" character varying(200),
    CONSTRAINT "PK_AgendaItems" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_AgendaItems_Meetings_MeetingId" FOREIGN KEY ("MeetingId") REFERENCES "Meetings" ("Id") ON DELETE CASCADE
);

CREATE TABLE "Invitees" (
    "Id" uuid NOT NULL,
    "Version" integer NOT NULL DEFAULT 0,
    "MeetingId" uuid NOT NULL,
    "UserId" uuid,
    "ExternalName" character varying(200),
    "ExternalOrgan" character varying(300),
    "IsMember" boolean NOT NULL,
    "Response" integer NOT NULL,
    "SubstituteUserId" uuid,
    "ResponseNote" character varying(500),
    "RespondedAt" timestamp with time zone,
    "Present" boolean NOT NULL,
    "PresentAt" timestamp with time zone,
    CONSTRAINT "PK_Invitees" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_Invitees_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_Invitees_Meetings_MeetingId" FOREIGN KEY ("MeetingId") REFERENCES "Meetings" ("Id") ON DELETE CASCADE
);

CREATE TABLE "MeetingVotes" (
    "Id" uuid NOT NULL,
    "Version" integer NOT NULL DEFAULT 0,
    "MeetingId" uuid NOT NULL,
    "AgendaItemId" uuid,
    "Question" character varying(1000) NOT NULL,
    "Secret" boolean NOT NULL,
    "Status" integer NOT NULL,
    "OpenedAt" timestamp with time zone NOT NULL,
    "ClosedAt" timestamp with time zone,
    "Yes" integer,
    "No" integer,
    "Abstain" integer,
    "Present" integer,
    "Members" integer,
    "Passed" boolean,
    CONSTRAINT "PK_MeetingVotes" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_MeetingVotes_Meetings_MeetingId" FOREIGN KEY ("MeetingId") REFERENCES "Meetings" ("Id") ON DELETE CASCADE
);

CREATE TABLE "Ballots" (
    "Id" uuid NOT NULL,
    "VoteId" uuid NOT NULL,
    "VoterUserId" uuid NOT NULL,
    "Choice" integer,
    "CastAt" timestamp with time zone NOT NULL,
    CONSTRAINT "PK_Ballots" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_Ballots_AspNetUsers_VoterUserId" FOREIGN KEY ("VoterUserId") REFERENCES "AspNetUsers" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_Ballots_MeetingVotes_VoteId" FOREIGN KEY ("VoteId") REFERENCES "MeetingVotes" ("Id") ON DELETE CASCADE
);

CREATE TABLE "SecretChoices" (
    "Id" uuid NOT NULL,
    "VoteId" uuid NOT NULL,
    "Choice" integer NOT NULL,
    CONSTRAINT "PK_SecretChoices" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_SecretChoices_MeetingVotes_VoteId" FOREIGN KEY ("VoteId") REFERENCES "MeetingVotes" ("Id") ON DELETE CASCADE
);

CREATE TABLE "SpeakRequests" (
    "Id" uuid NOT NULL,
    "MeetingId" uuid NOT NULL,
    "UserId" uuid NOT NULL,
    "Topic" character varying(300),
    "RequestedAt" timestamp with time zone NOT NULL,
    "SpokeAt" timestamp with time zone,
    CONSTRAINT "PK_SpeakRequests" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_SpeakRequests_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_SpeakRequests_Meetings_MeetingId" FOREIGN KEY ("MeetingId") REFERENCES "Meetings" ("Id") ON DELETE CASCADE
);

CREATE TABLE "MeetingMaterials" (
    "Id" uuid NOT NULL,
    "Version" integer NOT NULL DEFAULT 0,
    "MeetingId" uuid NOT NULL,
    "AgendaItemId" uuid,
    "SeriesId" uuid NOT NULL,
    "Number" integer NOT NULL,
    "Title" character varying(300) NOT NULL,
    "FileId" uuid NOT NULL,
    "Downloadable" boolean NOT NULL,
    "Released" boolean NOT NULL,
    "ReleasedAt" timestamp with time zone,
    "UploadedByUserId" uuid NOT NULL,
    "UploadedAt" timestamp with time zone NOT NULL,
    CONSTRAINT "PK_MeetingMaterials" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_MeetingMaterials_Meetings_MeetingId" FOREIGN KEY ("MeetingId") REFERENCES "Meetings" ("Id") ON DELETE CASCADE
);

CREATE TABLE "MaterialNotes" (
    "Id" uuid NOT NULL,
    "SeriesId" uuid NOT NULL,
    "UserId" uuid NOT NULL,
    "Text" text NOT NULL,
    "UpdatedAt" timestamp with time zone NOT NULL,
    CONSTRAINT "PK_MaterialNotes" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_MaterialNotes_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE RESTRICT
);

CREATE INDEX "IX_AgendaItems_MeetingId_Order" ON "AgendaItems" ("MeetingId", "Order");

CREATE UNIQUE INDEX "IX_Ballots_VoteId_VoterUserId" ON "Ballots" ("VoteId", "VoterUserId");

CREATE INDEX "IX_Ballots_VoterUserId" ON "Ballots" ("VoterUserId");

CREATE INDEX "IX_Invitees_MeetingId" ON "Invitees" ("MeetingId");

CREATE INDEX "IX_Invitees_UserId_MeetingId" ON "Invitees" ("UserId", "MeetingId");

CREATE UNIQUE INDEX "IX_MaterialNotes_SeriesId_UserId" ON "MaterialNotes" ("SeriesId", "UserId");

CREATE INDEX "IX_MaterialNotes_UserId" ON "MaterialNotes" ("UserId");

CREATE UNIQUE INDEX "IX_MeetingMaterials_MeetingId_SeriesId_Number" ON "MeetingMaterials" ("MeetingId", "SeriesId", "Number");

CREATE INDEX "IX_Meetings_OrganizationId_StartsAt" ON "Meetings" ("OrganizationId", "StartsAt");

CREATE INDEX "IX_Meetings_PresidingUserId" ON "Meetings" ("PresidingUserId");

CREATE INDEX "IX_MeetingVotes_MeetingId" ON "MeetingVotes" ("MeetingId");

CREATE INDEX "IX_SecretChoices_VoteId" ON "SecretChoices" ("VoteId");

CREATE INDEX "IX_SpeakRequests_MeetingId_RequestedAt" ON "SpeakRequests" ("MeetingId", "RequestedAt");

CREATE INDEX "IX_SpeakRequests_UserId" ON "SpeakRequests" ("UserId");
