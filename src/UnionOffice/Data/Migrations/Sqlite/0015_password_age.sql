-- 0015: when a person last chose their password (seed 002 §3.1b, review finding 18): with Security:MaxPasswordAgeDays set,
-- an older password must be changed at the next sign-in. Null: not since the account was issued or its password reset.
ALTER TABLE "AspNetUsers" ADD "PasswordChangedAt" INTEGER NULL;
