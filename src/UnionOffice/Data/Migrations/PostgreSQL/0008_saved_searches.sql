-- 0008: searches a person keeps under a name (the query string of /api/v1/incoming/find).
CREATE TABLE "SavedSearches" (
    "Id" uuid NOT NULL,
    "UserId" uuid NOT NULL,
    "Name" character varying(100) NOT NULL,
    "Query" character varying(1000) NOT NULL,
    "CreatedAt" timestamp with time zone NOT NULL,
    CONSTRAINT "PK_SavedSearches" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_SavedSearches_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
);

CREATE UNIQUE INDEX "IX_SavedSearches_UserId_Name" ON "SavedSearches" ("UserId", "Name");

