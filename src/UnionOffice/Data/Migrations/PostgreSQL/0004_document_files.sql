-- 0004: files attached to documents; the bytes are in the content-addressed store (Storage:Root), keyed by SHA-256.
CREATE TABLE "DocumentFiles" (
    "Id" uuid NOT NULL,
    "OwnerType" character varying(20) NOT NULL,
    "OwnerId" uuid NOT NULL,
    "Sha256" character varying(64) NOT NULL,
    "Length" bigint NOT NULL,
    "ContentType" character varying(100) NOT NULL,
    "FileName" character varying(200) NOT NULL,
    "UploadedByUserId" uuid NOT NULL,
    "UploadedAt" timestamp with time zone NOT NULL,
    CONSTRAINT "PK_DocumentFiles" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_DocumentFiles_AspNetUsers_UploadedByUserId" FOREIGN KEY ("UploadedByUserId") REFERENCES "AspNetUsers" ("Id") ON DELETE RESTRICT
);

CREATE INDEX "IX_DocumentFiles_OwnerType_OwnerId" ON "DocumentFiles" ("OwnerType", "OwnerId");

CREATE INDEX "IX_DocumentFiles_Sha256" ON "DocumentFiles" ("Sha256");

CREATE INDEX "IX_DocumentFiles_UploadedByUserId" ON "DocumentFiles" ("UploadedByUserId");
