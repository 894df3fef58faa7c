-- 0026 (issue 16): keys held elsewhere — a certificate says where its key is (PKCS#12 here, USB token, remote service,
-- HSM) and keeps its public part and chain; a prepared signature waits in PendingSignatures for the key to sign its digest.

ALTER TABLE "SigningCertificates" ADD "Holder" integer NOT NULL DEFAULT 0;
ALTER TABLE "SigningCertificates" ALTER COLUMN "Holder" DROP DEFAULT;
ALTER TABLE "SigningCertificates" ADD "PublicCertificate" bytea;
ALTER TABLE "SigningCertificates" ADD "ChainPem" character varying(20000);
ALTER TABLE "SigningCertificates" ADD "KeyReference" character varying(300);

CREATE TABLE "PendingSignatures" (
    "Id" uuid NOT NULL,
    "Purpose" character varying(40) NOT NULL,
    "SubjectId" uuid NOT NULL,
    "SubjectVersion" integer NOT NULL,
    "UserId" uuid NOT NULL,
    "CertificateId" uuid NOT NULL,
    "PreparedPdf" bytea NOT NULL,
    "Digest" bytea NOT NULL,
    "Details" character varying(4000) NOT NULL,
    "CreatedAt" timestamp with time zone NOT NULL,
    "ExpiresAt" timestamp with time zone NOT NULL,
    "BatchId" uuid,
    "RemoteTransactionId" character varying(200),
    "State" integer NOT NULL,
    "Error" character varying(1000),
    "FinishedAt" timestamp with time zone,
    "ResultSha256" character varying(64),
    "Version" integer NOT NULL,
    CONSTRAINT "PK_PendingSignatures" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_PendingSignatures_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_PendingSignatures_SigningCertificates_CertificateId" FOREIGN KEY ("CertificateId") REFERENCES "SigningCertificates" ("Id") ON DELETE RESTRICT
);

CREATE INDEX "IX_PendingSignatures_BatchId" ON "PendingSignatures" ("BatchId");
CREATE INDEX "IX_PendingSignatures_CertificateId" ON "PendingSignatures" ("CertificateId");
CREATE INDEX "IX_PendingSignatures_State_RemoteTransactionId" ON "PendingSignatures" ("State", "RemoteTransactionId");
CREATE INDEX "IX_PendingSignatures_UserId_State" ON "PendingSignatures" ("UserId", "State");
